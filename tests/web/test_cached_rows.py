"""The lists of messages and movements, rendered once per process (settings: template_fragments; issue 12).

A cached list is keyed by the community's schema and by every value its rows show (account/views.py's
MOVEMENT_SHOWS and NOTIFICATION_SHOWS), the language and the time zone: whatever changes, the page shows it;
no community ever sees another's list; nothing of one reader's session is inside a list another reader gets.
"""

from django_tenants.utils import schema_context

from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.ledger.services import do_transfer, member_account_id
from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.models import Kind, Notification
from sharepool.tenants.notifications.services import do_notify
from tests.web.conftest import add_member, signed_in


def exchange_hour(community, giver: Member, receiver: Member) -> None:
    with schema_context(community.schema_name):
        do_transfer(
            idempotency_key=f"hour-{giver.id}-{receiver.id}",
            debit_account_id=member_account_id(giver.id),
            credit_account_id=member_account_id(receiver.id),
            amount=60,
            kind=Transfer.Kind.EXCHANGE,
        )


def test_a_movement_shows_its_counterpart_s_new_name(beizhan, minle):
    giver = add_member(beizhan.schema_name, "giver", display_name="王芳")
    receiver = add_member(beizhan.schema_name, "receiver", display_name="李华")
    exchange_hour(beizhan, giver, receiver)
    client = signed_in(beizhan, receiver)

    before = client.get("/me/transfers/").text
    with schema_context(beizhan.schema_name):
        Member.objects.filter(id=giver.id).update(display_name="王芳芳")
    after = client.get("/me/transfers/").text

    assert "· 王芳</td>" in before
    assert "· 王芳芳</td>" in after and "· 王芳</td>" not in after
    assert after.count("data-transfer=") == 1


def test_a_movement_is_shown_in_each_reader_s_language(beizhan, minle):
    giver = add_member(beizhan.schema_name, "giver", display_name="王芳")
    receiver = add_member(beizhan.schema_name, "receiver", display_name="李华")
    exchange_hour(beizhan, giver, receiver)

    chinese = signed_in(beizhan, receiver).get("/me/transfers/").text
    english = signed_in(beizhan, receiver, HTTP_ACCEPT_LANGUAGE="en").get("/me/transfers/").text
    chinese_again = signed_in(beizhan, receiver).get("/me/transfers/").text

    assert '<td class="amount-in">+1 小时</td>' in chinese
    assert '<td class="amount-in">+1 h</td>' in english and "小时</td>" not in english
    assert chinese_again == chinese.replace(csrf(chinese), csrf(chinese_again))


def csrf(html: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def test_a_message_read_loses_its_button_and_keeps_its_text(beizhan, minle):
    member = add_member(beizhan.schema_name, "zhaofang")
    with schema_context(beizhan.schema_name):
        notification = do_notify(member_id=member.id, kind=Kind.EXCHANGE_PROPOSED, body="王芳想和您交换服务")
    client = signed_in(beizhan, member)

    unread = client.get("/notifications/").text
    client.post("/notifications/", {"ids": [notification.id]})
    read = client.get("/notifications/").text

    button = f'name="ids" value="{notification.id}"'
    assert button in unread and 'class="unread"' in unread
    assert button not in read and 'class="unread"' not in read and "王芳想和您交换服务" in read


def test_the_messages_page_has_one_form_and_one_token(beizhan, minle):
    member = add_member(beizhan.schema_name, "zhaofang")
    with schema_context(beizhan.schema_name):
        for n in range(3):
            do_notify(member_id=member.id, kind=Kind.EXCHANGE_PROPOSED, body=f"消息 {n}")

    html = signed_in(beizhan, member).get("/notifications/").text

    assert html.count("csrfmiddlewaretoken") == 2  # the page's form and the layout's sign-out
    assert html.count('name="ids"') == 3


def test_communities_never_see_each_other_s_cached_rows(beizhan, minle):
    """The same row id in two communities is two rows: each community reads its own."""
    north = add_member(beizhan.schema_name, "north")
    south = add_member(minle.schema_name, "south")
    with schema_context(beizhan.schema_name):
        mine = do_notify(member_id=north.id, kind=Kind.EXCHANGE_PROPOSED, body="北站的消息", key="same")
    with schema_context(minle.schema_name):
        theirs = do_notify(member_id=south.id, kind=Kind.EXCHANGE_PROPOSED, body="民乐的消息", key="same")
        # Same id, same moment, same link: only the community and the text differ.
        Notification.objects.filter(id=theirs.id).update(id=mine.id, created=mine.created)

    north_page = signed_in(beizhan, north).get("/notifications/").text
    south_page = signed_in(minle, south).get("/notifications/").text

    assert f'data-notification="{mine.id}"' in north_page and f'data-notification="{mine.id}"' in south_page
    assert "北站的消息" in north_page and "民乐的消息" not in north_page
    assert "民乐的消息" in south_page and "北站的消息" not in south_page
