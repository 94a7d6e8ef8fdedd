"""/exchanges/ and /exchanges/<id>/: propose from a listing, accept, complete, confirm, dispute, cancel."""

from django_tenants.utils import schema_context

from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.timebank.models import Exchange
from sharepool.tenants.timebank.services import do_accept_exchange, do_complete_exchange, do_propose_exchange
from tests.tenants.cast import balance, credit_line, give, tenant_state
from tests.web.pages import back_to, client_of, form_errors, queries_of, step_errors
from tests.web.timebank.test_listing_pages import post_offer


def completed_exchange(world, minutes=90) -> Exchange:
    """刘师傅 (bob) offers to clear drains, 陈同学 (carol) asks for it, bob recorded `minutes`."""
    cast = world.cast
    offer = post_offer(cast.bob, "疏通下水道")
    exchange = do_propose_exchange(actor_id=cast.carol.id, offer_id=offer.id)
    do_accept_exchange(actor_id=cast.bob.id, exchange_id=exchange.id)
    do_complete_exchange(actor_id=cast.bob.id, exchange_id=exchange.id, minutes=minutes)
    return exchange


def test_a_whole_exchange_through_the_pages_moves_the_hours_once(world, beizhan):
    # given
    cast = world.cast
    give(cast.carol, 600)
    offer = post_offer(cast.bob, "疏通下水道")
    bob, carol = client_of(beizhan, cast.bob), client_of(beizhan, cast.carol)

    # when carol proposes from the offer's page
    proposed = carol.post(f"/offers/{offer.id}/propose/", {"note": "厨房下水道堵了"})
    back_to(beizhan)
    exchange = Exchange.objects.get()
    assert proposed.status_code == 302 and proposed["Location"] == f"/exchanges/{exchange.id}/"

    # then it is bob's turn, and his list says so
    assert bob.get("/exchanges/").context["rows"][0]["my_turn"] is True
    page = carol.get(f"/exchanges/{exchange.id}/")
    assert list(page.context["forms"]) == ["cancel"] and "等待刘师傅" in page.content.decode()

    # when bob accepts and records 90 minutes, and carol confirms
    assert bob.post(f"/exchanges/{exchange.id}/accept/").status_code == 302
    assert bob.post(f"/exchanges/{exchange.id}/complete/", {"minutes": "90"}).status_code == 302
    confirm_page = carol.get(f"/exchanges/{exchange.id}/")
    assert list(confirm_page.context["forms"]) == ["confirm", "dispute"]
    key = confirm_page.context["forms"]["confirm"]["idempotencyKey"].value()
    first = carol.post(f"/exchanges/{exchange.id}/confirm/", {"idempotencyKey": key})
    # a double tap: the same page posted again
    second = carol.post(f"/exchanges/{exchange.id}/confirm/", {"idempotencyKey": key})

    # then the hours moved once
    assert first.status_code == second.status_code == 302
    back_to(beizhan)
    exchange.refresh_from_db()
    assert (exchange.state, exchange.minutes) == ("confirmed", 90)
    assert Transfer.objects.filter(kind=Transfer.Kind.EXCHANGE).count() == 1
    assert (balance(cast.carol), balance(cast.bob)) == (510, 90)
    timeline = carol.get(f"/exchanges/{exchange.id}/").context["events"]
    assert [event.to_state for event in timeline] == ["requested", "accepted", "completed", "confirmed"]


def test_bad_minutes_are_refused_in_chinese_and_nothing_is_written(world, beizhan):
    # given an accepted exchange
    cast = world.cast
    offer = post_offer(cast.bob, "疏通下水道")
    exchange = do_propose_exchange(actor_id=cast.carol.id, offer_id=offer.id)
    do_accept_exchange(actor_id=cast.bob.id, exchange_id=exchange.id)
    bob = client_of(beizhan, cast.bob)
    before = tenant_state()

    # when
    zero = bob.post(f"/exchanges/{exchange.id}/complete/", {"minutes": "0"})
    words = bob.post(f"/exchanges/{exchange.id}/complete/", {"minutes": "九十"})
    too_many = bob.post(f"/exchanges/{exchange.id}/complete/", {"minutes": "721"})

    # then
    assert zero.status_code == words.status_code == too_many.status_code == 200
    assert step_errors(zero, "complete") == {"minutes": ["请记录 1 至 720 分钟。"]}
    assert "请记录 1 至 720 分钟。" in zero.content.decode()
    assert step_errors(words, "complete") == {"minutes": ["输入整数。"]}
    assert step_errors(too_many, "complete") == {"minutes": ["请记录 1 至 720 分钟。"]}
    back_to(beizhan)
    assert tenant_state() == before


def test_a_step_that_is_not_yours_is_refused_and_changes_nothing(world, beizhan):
    # given carol's proposal waits for bob
    cast = world.cast
    offer = post_offer(cast.bob, "疏通下水道")
    exchange = do_propose_exchange(actor_id=cast.carol.id, offer_id=offer.id)
    carol, alice = client_of(beizhan, cast.carol), client_of(beizhan, cast.alice)
    before = tenant_state()

    # when carol accepts her own proposal, and alice (no side of it) tries anything
    own = carol.post(f"/exchanges/{exchange.id}/accept/")
    stranger_page = alice.get(f"/exchanges/{exchange.id}/")
    stranger_step = alice.post(f"/exchanges/{exchange.id}/cancel/")

    # then
    assert step_errors(own, "accept") == {"__all__": ["这一步应由交换的另一方操作。"]}
    assert "这一步应由交换的另一方操作。" in own.content.decode()
    assert stranger_page.status_code == stranger_step.status_code == 404
    back_to(beizhan)
    assert tenant_state() == before


def test_a_neighbour_who_cannot_pay_is_told_so_when_asking_and_nothing_is_written(world, beizhan):
    # given: carol has no hours and a worker set her line to 0 (the default lets her owe 5 hours)
    cast = world.cast
    credit_line(cast.carol, 0)
    offer = post_offer(cast.bob, "疏通下水道")
    carol = client_of(beizhan, cast.carol)
    before = tenant_state()

    # when she asks for bob's service from the offer's page
    asked = carol.post(f"/offers/{offer.id}/propose/", {"note": ""})

    # then
    message = "时长不足，无法支付服务：请先服务他人赚取时长，或请社工为您设置透支额度。"
    assert form_errors(asked, "propose_form") == {"__all__": [message]}
    assert message in asked.content.decode()
    back_to(beizhan)
    assert tenant_state() == before
    assert world.minle_untouched()


def test_the_recipient_disputes_and_either_side_cancels_before_completion(world, beizhan):
    # given
    disputed = completed_exchange(world)
    offer = post_offer(world.cast.alice, "陪老人聊天", code="elder-care")
    cancelled = do_propose_exchange(actor_id=world.cast.carol.id, offer_id=offer.id)
    carol = client_of(beizhan, world.cast.carol)

    # when
    empty_reason = carol.post(f"/exchanges/{disputed.id}/dispute/", {"reason": ""})
    dispute = carol.post(f"/exchanges/{disputed.id}/dispute/", {"reason": "只干了半小时"})
    cancel = carol.post(f"/exchanges/{cancelled.id}/cancel/", {"reason": "不需要了"})

    # then
    assert step_errors(empty_reason, "dispute") == {"reason": ["这个字段是必填项。"]}
    assert dispute.status_code == cancel.status_code == 302
    back_to(beizhan)
    assert dict(Exchange.objects.values_list("id", "state")) == {
        disputed.id: "disputed",
        cancelled.id: "cancelled",
    }
    assert "等待社区工作者" in carol.get(f"/exchanges/{disputed.id}/").content.decode()


def test_the_exchange_pages_cost_the_same_queries_for_two_or_twelve_exchanges(world, beizhan):
    # given
    cast = world.cast
    carol = client_of(beizhan, cast.carol)
    exchange = completed_exchange(world)
    offer = post_offer(cast.alice, "陪老人聊天", code="elder-care")
    do_propose_exchange(actor_id=cast.carol.id, offer_id=offer.id)
    two = queries_of(carol, "/exchanges/")
    detail_short = queries_of(carol, f"/exchanges/{exchange.id}/")
    back_to(beizhan)
    for n in range(10):
        do_propose_exchange(actor_id=cast.carol.id, offer_id=post_offer(cast.bob, f"服务{n}").id)

    # when
    twelve = queries_of(carol, "/exchanges/")

    # then
    assert two == twelve
    assert detail_short == queries_of(carol, f"/exchanges/{exchange.id}/")


def test_a_member_of_another_community_cannot_reach_an_exchange_here(world, beizhan, minle):
    # given
    exchange = completed_exchange(world)
    with schema_context(minle.schema_name):
        minle_client = client_of(minle, world.minle.alice)
    before = tenant_state()

    # when
    own_host = minle_client.get(f"/exchanges/{exchange.id}/")
    own_list = minle_client.get("/exchanges/")
    foreign = minle_client.post(
        f"/exchanges/{exchange.id}/confirm/", {"idempotencyKey": "k"}, HTTP_HOST=beizhan.domain
    )

    # then
    assert own_host.status_code == 404
    assert own_list.context["rows"] == []
    assert foreign.status_code == 302 and foreign["Location"].startswith("/login/")
    back_to(beizhan)
    assert tenant_state() == before and world.minle_untouched()
