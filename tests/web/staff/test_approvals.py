"""/staff/ and its approvals queue: approve, reject with a reason the applicant keeps (issue 14)."""

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.activities.models import Activity
from sharepool.tenants.activities.services import do_cancel_activity, do_create_activity
from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.members.models import Member
from tests.tenants.cast import category
from tests.web.pages import back_to, client_of, queries_of
from tests.web.staff.conftest import applicant, members_state


def test_the_dashboard_counts_what_waits_for_the_workers(world, beizhan):
    # given: two applications waiting and one already decided
    applicant("李华")
    applicant("周敏")
    Member.objects.filter(id=applicant("吴强").id).update(status=Member.Status.REJECTED)
    # and two activities today, one tomorrow, and a cancelled one moved to today
    today = timezone.make_aware(datetime.combine(timezone.localdate(), time(16, 30)))
    for starts_at in (today, today, today + timedelta(days=1), today + timedelta(days=2)):
        activity = do_create_activity(
            actor_id=world.cast.coordinator.id,
            title="四点半课堂",
            category_id=category().id,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            place="活动室",
            capacity=20,
            minutes_credited=60,
        )
    do_cancel_activity(actor_id=world.cast.coordinator.id, activity_id=activity.id)
    Activity.objects.filter(id=activity.id).update(starts_at=today, ends_at=today + timedelta(hours=1))

    # when
    response = client_of(beizhan, world.cast.worker).get("/staff/")

    # then
    assert response.status_code == 200
    assert 'data-count="waiting">2<' in response.text
    assert 'data-count="disputes">0<' in response.text
    assert 'data-count="today">2<' in response.text
    assert "社工工作台" in response.text


def test_a_coordinator_sees_the_console_without_the_queue(world, beizhan):
    applicant("李华")

    response = client_of(beizhan, world.cast.coordinator).get("/staff/")

    assert response.status_code == 200
    assert 'data-count="today"' in response.text
    assert 'data-count="waiting"' not in response.text
    assert client_of(beizhan, world.cast.coordinator).get("/staff/approvals/").status_code == 403


def test_a_resident_is_refused_the_console(world, beizhan):
    client = client_of(beizhan, world.cast.alice)

    for path in ("/staff/", "/staff/approvals/"):
        assert client.get(path).status_code == 403
    assert 'data-link="staff"' not in client.get("/").text
    assert 'data-link="staff"' in client_of(beizhan, world.cast.worker).get("/").text


def test_a_visitor_is_sent_to_sign_in(world, beizhan):
    from tests.web.conftest import host_client

    response = host_client(beizhan).get("/staff/approvals/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login/")


def test_a_worker_approves_an_applicant(world, beizhan):
    # given
    lihua = applicant("李华")
    client = client_of(beizhan, world.cast.worker)
    page = client.get("/staff/approvals/")
    assert f'data-applicant="{lihua.id}"' in page.text
    assert "13912345678" in page.text  # workers see the phone in full

    # when
    response = client.post(f"/staff/approvals/{lihua.id}/approve/", follow=True)

    # then
    back_to(beizhan)
    lihua.refresh_from_db()
    assert lihua.status == Member.Status.ACTIVE
    assert lihua.member_number is not None
    assert f"已批准李华入会，会员编号 {lihua.member_number}。" in response.text
    assert f'data-applicant="{lihua.id}"' not in response.text
    entry = CommunityAuditEntry.objects.get(action="member_approved", subject_id=str(lihua.id))
    assert entry.actor_id == world.cast.worker.id
    assert world.minle_untouched()


def test_a_worker_rejects_with_a_reason_the_applicant_keeps(world, beizhan):
    lihua = applicant("李华")

    response = client_of(beizhan, world.cast.worker).post(
        f"/staff/approvals/{lihua.id}/reject/", {"reason": "不在本社区居住"}, follow=True
    )

    back_to(beizhan)
    lihua.refresh_from_db()
    assert lihua.status == Member.Status.REJECTED
    assert lihua.rejection_reason == "不在本社区居住"
    assert "已拒绝李华的申请。" in response.text
    assert CommunityAuditEntry.objects.filter(action="member_rejected", subject_id=str(lihua.id)).count() == 1


def test_a_rejection_without_a_reason_is_refused_on_the_form_and_nothing_is_written(world, beizhan):
    lihua = applicant("李华")
    before = members_state()

    response = client_of(beizhan, world.cast.worker).post(
        f"/staff/approvals/{lihua.id}/reject/", {"reason": "  "}
    )

    back_to(beizhan)
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert dict(row["reject_form"].errors.items()) == {"reason": ["请告诉申请人未被接纳的原因。"]}
    assert members_state() == before


def test_deciding_twice_is_refused_and_changes_nothing(world, beizhan):
    lihua = applicant("李华")
    client = client_of(beizhan, world.cast.worker)
    client.post(f"/staff/approvals/{lihua.id}/approve/")
    back_to(beizhan)
    before = members_state()

    approve_again = client.post(f"/staff/approvals/{lihua.id}/approve/")
    reject_after = client.post(f"/staff/approvals/{lihua.id}/reject/", {"reason": "重复"})

    back_to(beizhan)
    assert "该申请已经处理过了。" in approve_again.text
    assert "该申请已经处理过了。" in reject_after.text
    assert members_state() == before


def test_a_resident_cannot_approve_and_nothing_is_written(world, beizhan):
    lihua = applicant("李华")
    before = members_state()

    client = client_of(beizhan, world.cast.alice)
    approve = client.post(f"/staff/approvals/{lihua.id}/approve/")
    reject = client.post(f"/staff/approvals/{lihua.id}/reject/", {"reason": "不行"})

    back_to(beizhan)
    assert (approve.status_code, reject.status_code) == (403, 403)
    assert members_state() == before


def test_another_communitys_applicant_is_out_of_reach(world, beizhan, minle):
    # given: an applicant of Minle
    with schema_context(minle.schema_name):
        stranger = applicant("外人")
    back_to(beizhan)

    # when: Beizhan's worker lists the queue and tries to approve Minle's applicant by id
    client = client_of(beizhan, world.cast.worker)
    page = client.get("/staff/approvals/")
    response = client.post(f"/staff/approvals/{stranger.id}/approve/")

    # then
    assert "外人" not in page.text
    assert "没有这位会员。" in response.text or "该申请已经处理过了。" in response.text
    with schema_context(minle.schema_name):
        assert Member.objects.get(id=stranger.id).status == Member.Status.PENDING


def test_the_queue_and_the_dashboard_take_the_same_queries_for_3_or_30_applicants(world, beizhan):
    for i in range(3):
        applicant(f"申请人{i}")
    client = client_of(beizhan, world.cast.worker)
    few = (queries_of(client, "/staff/approvals/"), queries_of(client, "/staff/"))
    back_to(beizhan)
    for i in range(27):
        applicant(f"申请人{i + 3}")

    many = (queries_of(client, "/staff/approvals/"), queries_of(client, "/staff/"))

    assert many == few
