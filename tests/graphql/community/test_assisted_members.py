"""registerAssistedMember: a worker registers a resident with no phone, consent recorded (issue 14)."""

from django_tenants.utils import schema_context

from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.members.models import Member
from tests.graphql.conftest import add_member, gql, token_for
from tests.web.staff.conftest import members_state

REGISTER = """mutation ($n: String!, $c: Boolean!, $p: String, $b: String) {
  registerAssistedMember(displayName: $n, consent: $c, phone: $p, building: $b) {
    member { displayName memberNumber status } errors { field code } } }"""


def test_a_worker_registers_an_elder_without_a_phone(beizhan, minle):
    # given
    worker = add_member(beizhan.schema_name, "wangsg", role=Member.Role.WORKER)
    with schema_context(minle.schema_name):
        minle_before = members_state()

    # when
    body = gql(
        beizhan.domain,
        REGISTER,
        {"n": "孙奶奶", "c": True, "b": "3栋"},
        token=token_for(beizhan.schema_name, worker),
    ).json()

    # then: a member at once, with a number, and the consent recorded with who and when
    payload = body["data"]["registerAssistedMember"]
    assert payload["errors"] == []
    assert payload["member"]["status"] == "ACTIVE"
    with schema_context(beizhan.schema_name):
        elder = Member.objects.select_related("building").get(display_name="孙奶奶")
        assert elder.member_number == payload["member"]["memberNumber"]
        assert (elder.phone, elder.assisted, elder.building.name) == ("", True, "3栋")
        assert elder.consent_recorded_by_id == worker.id and elder.consent_recorded_at is not None
        assert not elder.user.has_usable_password()
        entry = CommunityAuditEntry.objects.get(action="member_registered")
        assert (entry.actor_id, entry.acting_for_id, entry.subject_id) == (worker.id, elder.id, str(elder.id))
    with schema_context(minle.schema_name):
        assert members_state() == minle_before


def test_without_consent_or_with_a_bad_phone_nothing_is_written(beizhan):
    worker = add_member(beizhan.schema_name, "wangsg", role=Member.Role.WORKER)
    token = token_for(beizhan.schema_name, worker)
    with schema_context(beizhan.schema_name):
        before = members_state()

    no_consent = gql(beizhan.domain, REGISTER, {"n": "孙奶奶", "c": False}, token=token).json()
    bad_phone = gql(beizhan.domain, REGISTER, {"n": "孙奶奶", "c": True, "p": "12345"}, token=token).json()
    no_name = gql(beizhan.domain, REGISTER, {"n": "  ", "c": True}, token=token).json()

    assert no_consent["data"]["registerAssistedMember"]["errors"] == [
        {"field": "consent", "code": "consent_required"}
    ]
    assert bad_phone["data"]["registerAssistedMember"]["errors"] == [
        {"field": "phone", "code": "phone_invalid"}
    ]
    assert no_name["data"]["registerAssistedMember"]["errors"] == [
        {"field": "displayName", "code": "name_required"}
    ]
    with schema_context(beizhan.schema_name):
        assert members_state() == before


def test_a_coordinator_or_resident_may_not_register_and_nothing_is_written(beizhan):
    for role in (Member.Role.COORDINATOR, Member.Role.RESIDENT):
        someone = add_member(beizhan.schema_name, f"x-{role}", role=role)
        with schema_context(beizhan.schema_name):
            before_any = members_state()

        body = gql(
            beizhan.domain,
            REGISTER,
            {"n": "孙奶奶", "c": True},
            token=token_for(beizhan.schema_name, someone),
        ).json()

        assert body["data"]["registerAssistedMember"]["errors"][0]["code"] == "permission_denied"
        with schema_context(beizhan.schema_name):
            assert members_state() == before_any
