"""Membership rules in the domain: applications, sequential member numbers, milestones, login limits."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from sharepool.core.errors import DomainError
from sharepool.tenants.admission.services import do_approve_member, do_reject_member
from sharepool.tenants.members.errors import MemberError, MemberErrorCode
from sharepool.tenants.members.models import Member, MemberEvent, MemberLoginAttempt, MemberToken
from sharepool.tenants.members.services import do_login_member, mask_phone
from sharepool.tenants.neighbourhood.services import do_register_resident
from sharepool.tenants.recognition.services import recognitions
from tests.conftest import TEST_PASSWORD


def apply(username: str, **overrides) -> Member:
    fields = {
        "username": username,
        "password": TEST_PASSWORD,
        "display_name": f"居民{username}",
        "phone": "13912345678",
        "building": "3栋",
        "unit": "502",
        "skills": "修电脑",
    }
    return do_register_resident(**(fields | overrides))


def snapshot() -> tuple:
    return (
        list(Member.objects.order_by("id").values_list("id", "status", "member_number", "rejection_reason")),
        get_user_model().objects.count(),
        MemberEvent.objects.count(),
    )


def test_an_application_is_a_pending_member_without_a_number(beizhan, minle):
    with schema_context(beizhan.schema_name):
        member = apply("zhao")

        assert (member.status, member.member_number, member.building.name, member.unit) == (
            "pending",
            None,
            "3栋",
            "502",
        )
        assert member.user.check_password(TEST_PASSWORD)
        assert list(MemberEvent.objects.values_list("kind", flat=True)) == ["applied"]
    with schema_context(minle.schema_name):
        assert not Member.objects.filter(user__username="zhao").exists()


@pytest.mark.parametrize(
    ("overrides", "code", "field"),
    [
        ({"display_name": "  "}, MemberErrorCode.NAME_REQUIRED, "displayName"),
        ({"username": ""}, MemberErrorCode.USERNAME_REQUIRED, "username"),
        ({"username": "has space"}, MemberErrorCode.USERNAME_INVALID, "username"),
        ({"username": "admin"}, MemberErrorCode.USERNAME_TAKEN, "username"),
        ({"phone": "1234"}, MemberErrorCode.PHONE_INVALID, "phone"),
        ({"phone": "12012345678"}, MemberErrorCode.PHONE_INVALID, "phone"),
        ({"password": "12345678"}, MemberErrorCode.PASSWORD_INVALID, "password"),
        ({"password": "short"}, MemberErrorCode.PASSWORD_INVALID, "password"),
        # issue 10: one account per name after NFKC and case folding; no password of spaces; no surrogate
        ({"username": "Admin"}, MemberErrorCode.USERNAME_TAKEN, "username"),
        ({"username": "ＡＤＭＩＮ"}, MemberErrorCode.USERNAME_TAKEN, "username"),
        ({"username": "ａｄｍｉｎ"}, MemberErrorCode.USERNAME_TAKEN, "username"),
        ({"password": " " * 12}, MemberErrorCode.PASSWORD_INVALID, "password"),
        ({"password": "\u3000" * 12}, MemberErrorCode.PASSWORD_INVALID, "password"),
        ({"username": "qian\ud800"}, "text_invalid", "username"),
        ({"display_name": "钱\ud800"}, "text_invalid", "displayName"),
    ],
)
def test_an_invalid_application_is_refused_and_stores_nothing(beizhan, overrides, code, field):
    with schema_context(beizhan.schema_name):
        before = snapshot()

        with pytest.raises(DomainError) as refused:
            apply(**({"username": "qian"} | overrides))

        assert (refused.value.code, refused.value.field) == (code, field)
        assert snapshot() == before


def test_a_folded_copy_of_a_name_in_another_community_is_free(beizhan, minle):
    # given: zhaofang in beizhan
    with schema_context(beizhan.schema_name):
        apply("ZhaoFang")

    # when: the same name in minle, and a case variant in beizhan
    with schema_context(minle.schema_name):
        elsewhere = apply("zhaofang")
    with schema_context(beizhan.schema_name):
        with pytest.raises(MemberError) as taken:
            apply("zhaofang")

        # then
        assert taken.value.code == MemberErrorCode.USERNAME_TAKEN
        assert list(
            get_user_model().objects.filter(username__iexact="zhaofang").values_list("username", flat=True)
        ) == ["ZhaoFang"]
    assert elsewhere.user.username == "zhaofang"


def test_the_database_refuses_a_folded_copy_written_past_the_check(beizhan):
    # given: the check and the index share one expression; a row written without the check (two
    # registrations racing) meets the index
    from django.db import IntegrityError, transaction

    with schema_context(beizhan.schema_name):
        with pytest.raises(IntegrityError), transaction.atomic():
            get_user_model().objects.create_user(username="ＡＤＭＩＮ", password=TEST_PASSWORD)

        assert get_user_model().objects.count() == 1


def test_approvals_number_members_in_order_and_record_who_approved(beizhan, minle):
    with schema_context(beizhan.schema_name):
        admin = Member.objects.get(user__username="admin")
        first, second, third = apply("a1"), apply("a2"), apply("a3")

        do_approve_member(actor=admin, member_id=third.id)
        do_approve_member(actor=admin, member_id=first.id)

        numbers = dict(Member.objects.values_list("user__username", "member_number"))
        assert numbers == {"admin": 1, "a3": 2, "a1": 3, "a2": None}
        approved = MemberEvent.objects.filter(kind="approved").order_by("id")
        assert [(event.member_id, event.actor_id, event.detail) for event in approved] == [
            (third.id, admin.id, {"member_number": 2}),
            (first.id, admin.id, {"member_number": 3}),
        ]
        assert Member.objects.get(id=second.id).status == "pending"
    with schema_context(minle.schema_name):
        assert list(Member.objects.values_list("member_number", flat=True)) == [1]


def test_the_thousandth_member_is_a_milestone(beizhan):
    with schema_context(beizhan.schema_name):
        # given: 999 numbered members (the admin is number 1)
        users = get_user_model().objects.bulk_create(
            [get_user_model()(username=f"m{n}") for n in range(2, 1000)]
        )
        Member.objects.bulk_create(
            [
                Member(user=user, display_name=user.username, status="active", member_number=n)
                for n, user in zip(range(2, 1000), users, strict=True)
            ]
        )
        admin = Member.objects.get(user__username="admin")
        applicant, next_one = apply("thousandth"), apply("thousand-and-one")

        # when
        thousandth = do_approve_member(actor=admin, member_id=applicant.id)
        after = do_approve_member(actor=admin, member_id=next_one.id)

        # then
        assert (thousandth.member_number, after.member_number) == (1000, 1001)
        milestones = MemberEvent.objects.filter(kind="milestone")
        assert [(event.member_id, event.detail) for event in milestones] == [
            (applicant.id, {"member_number": 1000})
        ]
        # the community's honours show the 1,000th member at once (recognitions query)
        assert [(r.kind, r.threshold, r.member_id) for r in recognitions(kind="member_number")] == [
            ("member_number", 1000, applicant.id)
        ]


def test_a_decided_application_cannot_be_decided_again(beizhan):
    with schema_context(beizhan.schema_name):
        admin = Member.objects.get(user__username="admin")
        approved, rejected = apply("b1"), apply("b2")
        do_approve_member(actor=admin, member_id=approved.id)
        do_reject_member(actor=admin, member_id=rejected.id, reason="不住本社区")
        before = snapshot()

        for member_id in (approved.id, rejected.id, admin.id):
            with pytest.raises(MemberError) as again:
                do_approve_member(actor=admin, member_id=member_id)
            assert again.value.code == MemberErrorCode.MEMBER_NOT_PENDING
        with pytest.raises(MemberError) as missing:
            do_reject_member(actor=admin, member_id=99999, reason="x")
        assert missing.value.code == MemberErrorCode.MEMBER_NOT_FOUND
        assert snapshot() == before


def test_only_who_may_approve_members_decides_an_application_even_past_the_api(beizhan, minle):
    # given: an applicant, a resident and a coordinator of beizhan; an applicant of minle
    from sharepool.tenants.ledger.actors import ActorError, ActorErrorCode

    with schema_context(minle.schema_name):
        minle_applicant = apply("d1")
        minle_before = snapshot()
    with schema_context(beizhan.schema_name):
        applicant = apply("d1")
        resident = Member.objects.get(id=apply("d2").id)
        Member.objects.filter(id=resident.id).update(status=Member.Status.ACTIVE, member_number=50)
        resident.refresh_from_db()
        coordinator = Member.objects.get(id=apply("d3").id)
        Member.objects.filter(id=coordinator.id).update(
            status=Member.Status.ACTIVE, member_number=51, role=Member.Role.COORDINATOR
        )
        coordinator.refresh_from_db()
        before = snapshot()

        # when: each of them calls the domain directly, as a page or a task could
        refusals = []
        for actor in (resident, coordinator):
            for decide in (
                lambda actor=actor: do_approve_member(actor=actor, member_id=applicant.id),
                lambda actor=actor: do_reject_member(
                    actor=actor, member_id=applicant.id, reason="不住本社区"
                ),
            ):
                with pytest.raises(ActorError) as refused:
                    decide()
                refusals.append(refused.value.code)

        # then: refused with the permission's code, and the application is as it was
        assert refusals == [ActorErrorCode.NOT_PERMITTED] * 4
        assert snapshot() == before
        admin = Member.objects.get(user__username="admin")
        assert do_approve_member(actor=admin, member_id=applicant.id).status == Member.Status.ACTIVE
    with schema_context(minle.schema_name):
        assert snapshot() == minle_before
        assert Member.objects.get(id=minle_applicant.id).status == Member.Status.PENDING


def test_a_rejection_needs_a_reason(beizhan):
    with schema_context(beizhan.schema_name):
        admin = Member.objects.get(user__username="admin")
        applicant = apply("c1")
        before = snapshot()

        with pytest.raises(MemberError) as refused:
            do_reject_member(actor=admin, member_id=applicant.id, reason="   ")

        assert (refused.value.code, refused.value.field) == (MemberErrorCode.REASON_REQUIRED, "reason")
        assert snapshot() == before


def test_phones_are_masked_to_the_first_three_and_last_four_digits():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("") == ""
    assert mask_phone("12345") == "*****"


def failed_login(username: str, address: str) -> str:
    with pytest.raises(MemberError) as refused:
        do_login_member(username=username, password="wrong-password", address=address)
    return refused.value.code


def test_five_failed_logins_lock_the_account_even_for_the_right_password(beizhan, minle, settings):
    with schema_context(beizhan.schema_name):
        # given
        codes = [failed_login("admin", f"10.0.0.{n}") for n in range(settings.LOGIN_FAILURES_PER_ACCOUNT)]

        # when
        with pytest.raises(MemberError) as locked:
            do_login_member(username="admin", password=TEST_PASSWORD, address="10.0.1.1")

        # then
        assert codes == [MemberErrorCode.INVALID_CREDENTIALS] * settings.LOGIN_FAILURES_PER_ACCOUNT
        assert locked.value.code == MemberErrorCode.TOO_MANY_ATTEMPTS
        assert MemberToken.objects.count() == 0
        assert (
            MemberLoginAttempt.objects.filter(succeeded=False).count() == settings.LOGIN_FAILURES_PER_ACCOUNT
        )
    with schema_context(minle.schema_name):
        # another community's admin of the same name is not locked
        assert do_login_member(username="admin", password=TEST_PASSWORD, address="10.0.1.1").token


def test_many_failures_from_one_address_lock_that_address_only(beizhan, settings):
    with schema_context(beizhan.schema_name):
        # given: failures spread over many account names from one address
        for n in range(settings.LOGIN_FAILURES_PER_ADDRESS):
            assert failed_login(f"guess{n}", "10.9.9.9") == MemberErrorCode.INVALID_CREDENTIALS

        # when
        with pytest.raises(MemberError) as from_the_address:
            do_login_member(username="admin", password=TEST_PASSWORD, address="10.9.9.9")
        from_elsewhere = do_login_member(username="admin", password=TEST_PASSWORD, address="10.0.0.1")

        # then
        assert from_the_address.value.code == MemberErrorCode.TOO_MANY_ATTEMPTS
        assert from_elsewhere.member.user.username == "admin"
        assert MemberToken.objects.count() == 1


def test_old_failures_fall_out_of_the_window(beizhan, settings):
    from datetime import timedelta

    from django.utils import timezone

    with schema_context(beizhan.schema_name):
        for _n in range(settings.LOGIN_FAILURES_PER_ACCOUNT):
            failed_login("admin", "10.0.0.1")
        MemberLoginAttempt.objects.update(
            at=timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS + 1)
        )

        assert do_login_member(username="admin", password=TEST_PASSWORD, address="10.0.0.1").token


def test_rejected_and_suspended_members_cannot_sign_in_but_applicants_can(beizhan):
    with schema_context(beizhan.schema_name):
        admin = Member.objects.get(user__username="admin")
        applicant, rejected = apply("d1"), apply("d2")
        do_reject_member(actor=admin, member_id=rejected.id, reason="重复申请")

        pending_login = do_login_member(username="d1", password=TEST_PASSWORD, address=None)
        with pytest.raises(MemberError) as refused:
            do_login_member(username="d2", password=TEST_PASSWORD, address=None)

        assert pending_login.member.id == applicant.id
        assert refused.value.code == MemberErrorCode.ACCOUNT_INACTIVE
        assert MemberToken.objects.filter(member=rejected).count() == 0


def test_the_demo_members_are_seeded_once(beizhan, minle):
    from sharepool.demo.members import DEMO_MEMBERS, seed_demo_members

    seed_demo_members()
    seed_demo_members()

    with schema_context(beizhan.schema_name):
        rows = dict(Member.objects.values_list("user__username", "status"))
        assert len(rows) == len(DEMO_MEMBERS) + 1
        assert rows["lihua"] == "pending" and rows["shegong"] == "active"
        assert Member.objects.get(user__username="shegong").role == "worker"
        assert sorted(Member.objects.exclude(member_number=None).values_list("member_number", flat=True)) == [
            1,
            2,
            3,
            4,
            5,
        ]
    with schema_context(minle.schema_name):
        assert Member.objects.count() == 1
