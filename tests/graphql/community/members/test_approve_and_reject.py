"""approveMember and rejectMember through the community API."""

from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from sharepool.tenants.members.models import Member, MemberEvent
from tests.graphql.conftest import add_member, gql, token_for

APPROVE = """
mutation ($id: ID!) { approveMember(id: $id) { member { id status memberNumber } errors { field code message } } }"""
REJECT = """
mutation ($id: ID!, $reason: String!) {
  rejectMember(id: $id, reason: $reason) { member { status rejectionReason } errors { field code message } }
}"""


def members(schema_name: str) -> list[tuple]:
    with schema_context(schema_name):
        return list(
            Member.objects.order_by("id").values_list("id", "status", "member_number", "rejection_reason")
        )


def test_a_community_worker_approves_applicants_in_order(beizhan, minle, sign_in):
    # given
    worker = sign_in("worker")  # member number 2
    first = add_member(beizhan.schema_name, "first", status="pending")
    second = add_member(beizhan.schema_name, "second", status="pending")

    # when
    approve_second = gql("beizhan.localhost", APPROVE, {"id": second.id}, token=worker.token)
    approve_first = gql("beizhan.localhost", APPROVE, {"id": first.id}, token=worker.token)

    # then
    assert approve_second.json()["data"]["approveMember"] == {
        "member": {"id": str(second.id), "status": "ACTIVE", "memberNumber": 3},
        "errors": [],
    }
    assert approve_first.json()["data"]["approveMember"]["member"]["memberNumber"] == 4
    with schema_context(beizhan.schema_name):
        assert list(MemberEvent.objects.filter(kind="approved").values_list("actor_id", flat=True)) == [
            worker.member.id,
            worker.member.id,
        ]
    assert [row[1:3] for row in members(minle.schema_name)] == [("active", 1)]


def test_a_community_worker_rejects_an_applicant_with_a_reason(beizhan, sign_in):
    worker = sign_in("worker")
    applicant = add_member(beizhan.schema_name, "applicant", status="pending")

    response = gql(
        "beizhan.localhost", REJECT, {"id": applicant.id, "reason": "不住本社区"}, token=worker.token
    )

    assert response.json()["data"]["rejectMember"] == {
        "member": {"status": "REJECTED", "rejectionReason": "不住本社区"},
        "errors": [],
    }


def test_refusals_name_the_field_and_change_nothing(beizhan, sign_in):
    # given
    worker = sign_in("worker")
    applicant = add_member(beizhan.schema_name, "applicant", status="pending")
    before = members(beizhan.schema_name)

    # when
    cases = {
        "not found": gql("beizhan.localhost", APPROVE, {"id": "424242"}, token=worker.token),
        "not a number": gql("beizhan.localhost", APPROVE, {"id": "abc"}, token=worker.token),
        "already active": gql("beizhan.localhost", APPROVE, {"id": worker.member.id}, token=worker.token),
        "no reason": gql(
            "beizhan.localhost", REJECT, {"id": applicant.id, "reason": " "}, token=worker.token
        ),
    }

    # then
    errors = {
        name: next(iter(response.json()["data"].values()))["errors"] for name, response in cases.items()
    }
    assert errors == {
        "not found": [{"field": "id", "code": "member_not_found", "message": "没有这位会员。"}],
        "not a number": [{"field": "id", "code": "member_not_found", "message": "没有这位会员。"}],
        "already active": [{"field": "id", "code": "member_not_pending", "message": "该申请已经处理过了。"}],
        "no reason": [
            {"field": "reason", "code": "reason_required", "message": "请告诉申请人未被接纳的原因。"}
        ],
    }
    assert members(beizhan.schema_name) == before


def test_an_applicant_of_another_community_cannot_be_approved_here(beizhan, minle, sign_in):
    # given: a minle applicant under an id that beizhan does not have
    worker = sign_in("worker")
    with schema_context(beizhan.schema_name):
        free_id = Member.objects.order_by("-id").values_list("id", flat=True).first() + 100
    with schema_context(minle.schema_name):
        user = get_user_model().objects.create_user(username="minle-applicant")
        Member.objects.create(id=free_id, user=user, display_name="民乐申请人", status="pending")
    before = members(minle.schema_name), members(beizhan.schema_name)

    # when
    response = gql("beizhan.localhost", APPROVE, {"id": free_id}, token=worker.token)

    # then
    assert response.json()["data"]["approveMember"]["errors"][0]["code"] == "member_not_found"
    assert (members(minle.schema_name), members(beizhan.schema_name)) == before


def test_a_minle_worker_token_cannot_approve_on_beizhan(beizhan, minle):
    minle_worker = add_member(minle.schema_name, "minle-worker", role="worker")
    token = token_for(minle.schema_name, minle_worker)
    applicant = add_member(beizhan.schema_name, "applicant", status="pending")
    before = members(beizhan.schema_name)

    response = gql("beizhan.localhost", APPROVE, {"id": applicant.id}, token=token)

    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["code"] == "token_invalid"
    assert members(beizhan.schema_name) == before


APPROVED_BY = """query ($search: String!) {
  members(search: $search) { items { displayName approvedAt approvedBy { id displayName } } }
}"""


def approval_read(host: str, token: str) -> dict | None:
    """What the reader sees of the approval of the member named "applicant" (None: no such member)."""
    body = gql(host, APPROVED_BY, {"search": "applicant"}, token=token).json()
    assert "errors" not in body, body
    items = body["data"]["members"]["items"]
    return items[0] if items else None


def test_who_approved_a_member_is_read_by_those_who_approve_members(beizhan, minle, sign_in):
    # given: a worker approved an applicant, who then told the approval to their neighbour
    worker = sign_in("worker")
    applicant = add_member(beizhan.schema_name, "applicant", status="pending")
    gql("beizhan.localhost", APPROVE, {"id": applicant.id}, token=worker.token)
    neighbour = sign_in("resident")
    admin = sign_in("admin")

    # when
    by_worker = approval_read("beizhan.localhost", worker.token)
    by_admin = approval_read("beizhan.localhost", admin.token)
    by_neighbour = approval_read("beizhan.localhost", neighbour.token)
    minle_admin = add_member(minle.schema_name, "minle-admin", role="admin")
    from_minle = approval_read("minle.localhost", token_for(minle.schema_name, minle_admin))

    # then: workers and admins read who approved; a resident reads nothing of it; Minle has no such member
    approver = {"id": str(worker.member.id), "displayName": "worker-active"}
    assert by_worker["approvedBy"] == by_admin["approvedBy"] == approver
    assert by_worker["approvedAt"] is not None
    assert by_neighbour["approvedBy"] is None and by_neighbour["approvedAt"] is not None
    assert from_minle is None
