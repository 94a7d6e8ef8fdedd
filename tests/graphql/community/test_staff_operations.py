"""Operations that only tests reached before issue 11, now on the community API: reversing a transfer,
credit limits, a member's skills, a collective's contacts, cancelling an activity, and a community
worker registering an organisation or convening an alliance for their community.

Each is refused to a resident with `not_permitted`, refuses bad input with its code, and either way leaves
the community exactly as it was; the second community never changes.
"""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.platform.federation.models import Alliance, FederatedOrganisation
from sharepool.tenants.activities.models import Activity
from sharepool.tenants.activities.services import do_create_activity
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.ledger.verify import violations_in_current_schema
from sharepool.tenants.members.models import CommunitySettings, Member
from sharepool.tenants.timebank.models import Category, CollectiveContact, MemberSkill
from tests.graphql.conftest import add_member, gql, token_for
from tests.tenants.cast import give, tenant_state

HOST = "beizhan.localhost"

REVERSE = """mutation ($t: ID!, $r: String!, $k: String!) {
  reverseTransfer(transferId: $t, reason: $r, idempotencyKey: $k) {
    transfer { kind amountMinutes reversesId memo } errors { field code } } }"""
SET_LIMIT = """mutation ($m: ID!, $min: Int) {
  setCreditLimit(memberId: $m, minutes: $min) { account { creditLimitMinutes } errors { field code } } }"""
SET_DEFAULT = """mutation ($min: Int!) {
  setDefaultCreditLimit(minutes: $min) { accountsChanged errors { field code } } }"""
SET_SKILLS = """mutation ($c: [ID!]!, $for: ID) {
  setMemberSkills(categoryIds: $c, onBehalfOf: $for) { skills { code } errors { field code } } }"""
ADD_CONTACT = """mutation ($n: String!, $p: String, $r: String, $for: ID) {
  addCollectiveContact(name: $n, phone: $p, role: $r, onBehalfOf: $for) {
    contact { name role } errors { field code } } }"""
CANCEL = "mutation ($id: ID!) { cancelActivity(id: $id) { activity { status } errors { field code } } }"


def state() -> dict:
    """What these operations can change in the current schema, besides the time bank's own state."""
    return {
        **tenant_state(),
        "limits": dict(Account.objects.values_list("id", "credit_limit")),
        "overridden": sorted(
            Account.objects.filter(credit_limit_overridden=True).values_list("id", flat=True)
        ),
        "default_limit": CommunitySettings.load().default_credit_limit_minutes,
        "skills": sorted(MemberSkill.objects.values_list("member_id", "category_id")),
        "contacts": sorted(CollectiveContact.objects.values_list("member_id", "name", "phone", "role")),
        "activities": dict(Activity.objects.values_list("id", "status")),
    }


def cast_of(community) -> dict:
    schema = community.schema_name
    alice = add_member(schema, f"alice-{schema}", display_name="张阿姨")
    worker = add_member(schema, f"worker-{schema}", role="worker")
    admin_user = add_member(schema, f"admin-{schema}", role="admin")
    school = add_member(schema, f"school-{schema}", role="collective", display_name="四点半课堂")
    with schema_context(schema):
        Member.objects.filter(id=school.id).update(kind=Member.Kind.COLLECTIVE)
        welcome = give(alice, 120)
        activity = do_create_activity(
            actor_id=worker.id,
            title="四点半课堂",
            category_id=Category.objects.get(code="plumbing-electrics").id,
            starts_at=timezone.now() + timedelta(days=2),
            ends_at=timezone.now() + timedelta(days=2, hours=2),
            place="北站小学",
            capacity=10,
            minutes_credited=120,
        )
        categories = list(Category.objects.order_by("id").values_list("id", flat=True)[:2])
    return {
        "ids": {"alice": alice.id, "worker": worker.id, "school": school.id},
        "alice": token_for(schema, alice),
        "worker": token_for(schema, worker),
        "admin": token_for(schema, admin_user),
        "school": token_for(schema, school),
        "welcome": str(welcome.id),
        "activity": activity.id,
        "categories": categories,
    }


def payload(response, field) -> dict:
    body = response.json()
    assert "errors" not in body, body
    return body["data"][field]


def codes(result) -> list[str]:
    return [error["code"] for error in result["errors"]]


def test_a_worker_reverses_a_transfer_once_and_a_resident_cannot(beizhan, minle):
    # given: Alice's welcome credit of two hours, and Minle with a transfer of the same shape
    cast, minle_cast = cast_of(beizhan), cast_of(minle)
    with schema_context(beizhan.schema_name):
        before = state()
    with schema_context(minle.schema_name):
        minle_before = state()
    reverse = {"t": cast["welcome"], "r": "误发", "k": "reverse-welcome"}

    # when: a resident tries, then bad input, then a worker, then the worker again (a retry)
    by_resident = payload(gql(HOST, REVERSE, reverse, token=cast["alice"]), "reverseTransfer")
    no_reason = payload(gql(HOST, REVERSE, {**reverse, "r": " "}, token=cast["worker"]), "reverseTransfer")
    not_a_uuid = payload(gql(HOST, REVERSE, {**reverse, "t": "42"}, token=cast["worker"]), "reverseTransfer")
    minles = payload(
        gql(HOST, REVERSE, {**reverse, "t": minle_cast["welcome"]}, token=cast["worker"]), "reverseTransfer"
    )
    with schema_context(beizhan.schema_name):
        unchanged = state()
    done = payload(gql(HOST, REVERSE, reverse, token=cast["worker"]), "reverseTransfer")
    again = payload(gql(HOST, REVERSE, reverse, token=cast["worker"]), "reverseTransfer")

    # then
    assert codes(by_resident) == ["not_permitted"]
    assert codes(no_reason) == ["reason_required"]
    assert codes(not_a_uuid) == ["transfer_not_found"]
    assert codes(minles) == ["transfer_not_found"]  # another community's transfer is not found here
    assert unchanged == before
    assert done == {
        "transfer": {"kind": "REVERSAL", "amountMinutes": 120, "reversesId": cast["welcome"], "memo": "误发"},
        "errors": [],
    }
    assert again == done
    with schema_context(beizhan.schema_name):
        assert Transfer.objects.filter(reverses_id=cast["welcome"]).count() == 1
        assert Account.objects.get(member_id=cast["ids"]["alice"]).balance == 0
        assert violations_in_current_schema("beizhan") == []
    with schema_context(minle.schema_name):
        assert state() == minle_before


def test_a_worker_sets_a_member_credit_limit_and_the_admin_the_default(beizhan, minle):
    # given
    cast = cast_of(beizhan)
    cast_of(minle)
    with schema_context(beizhan.schema_name):
        before = state()
    with schema_context(minle.schema_name):
        minle_before = state()
    alice = cast["ids"]["alice"]

    # when: refusals first
    resident = payload(gql(HOST, SET_LIMIT, {"m": alice, "min": 600}, token=cast["alice"]), "setCreditLimit")
    negative = payload(gql(HOST, SET_LIMIT, {"m": alice, "min": -1}, token=cast["worker"]), "setCreditLimit")
    worker_default = payload(
        gql(HOST, SET_DEFAULT, {"min": 300}, token=cast["worker"]), "setDefaultCreditLimit"
    )
    bad_default = payload(gql(HOST, SET_DEFAULT, {"min": -5}, token=cast["admin"]), "setDefaultCreditLimit")
    with schema_context(beizhan.schema_name):
        unchanged = state()
    # then the changes
    own = payload(gql(HOST, SET_LIMIT, {"m": alice, "min": 600}, token=cast["worker"]), "setCreditLimit")
    default = payload(gql(HOST, SET_DEFAULT, {"min": 300}, token=cast["admin"]), "setDefaultCreditLimit")
    back = payload(gql(HOST, SET_LIMIT, {"m": alice}, token=cast["worker"]), "setCreditLimit")

    # then
    assert codes(resident) == ["not_permitted"]
    assert codes(negative) == ["credit_limit_invalid"]
    assert codes(worker_default) == ["not_permitted"]
    assert codes(bad_default) == ["credit_limit_invalid"]
    assert unchanged == before
    assert own == {"account": {"creditLimitMinutes": 600}, "errors": []}
    # Alice's own limit is kept: only the accounts without one follow the default
    members_without_own = len(before["limits"]) - 1 - 1  # every member account but Alice's, not the pool
    assert default == {"accountsChanged": members_without_own, "errors": []}
    assert back == {"account": {"creditLimitMinutes": 300}, "errors": []}
    with schema_context(minle.schema_name):
        assert state() == minle_before


def test_a_member_names_skills_and_a_collective_its_contacts(beizhan, minle):
    # given
    cast = cast_of(beizhan)
    cast_of(minle)
    with schema_context(beizhan.schema_name):
        before = state()
        codes_of = dict(Category.objects.values_list("id", "code"))
    with schema_context(minle.schema_name):
        minle_before = state()
    first, second = cast["categories"]
    school = cast["ids"]["school"]

    # when: refusals first
    for_someone = payload(
        gql(HOST, SET_SKILLS, {"c": [first], "for": cast["ids"]["worker"]}, token=cast["alice"]),
        "setMemberSkills",
    )
    unknown = payload(gql(HOST, SET_SKILLS, {"c": ["999999"]}, token=cast["alice"]), "setMemberSkills")
    not_collective = payload(
        gql(HOST, ADD_CONTACT, {"n": "王老师"}, token=cast["alice"]), "addCollectiveContact"
    )
    too_long = payload(
        gql(HOST, ADD_CONTACT, {"n": "王" * 101}, token=cast["school"]), "addCollectiveContact"
    )
    no_name = payload(gql(HOST, ADD_CONTACT, {"n": " "}, token=cast["school"]), "addCollectiveContact")
    with schema_context(beizhan.schema_name):
        unchanged = state()
    skills = payload(gql(HOST, SET_SKILLS, {"c": [first, second]}, token=cast["alice"]), "setMemberSkills")
    contact = payload(
        gql(
            HOST,
            ADD_CONTACT,
            {"n": "王老师", "p": "13800000009", "r": "负责人", "for": school},
            token=cast["worker"],
        ),
        "addCollectiveContact",
    )

    # then
    assert codes(for_someone) == ["not_permitted"]
    assert codes(unknown) == ["category_not_found"]
    assert codes(not_collective) == ["not_collective"]
    assert codes(too_long) == ["text_too_long"]
    assert codes(no_name) == ["title_required"]
    assert unchanged == before
    assert skills == {"skills": [{"code": codes_of[first]}, {"code": codes_of[second]}], "errors": []}
    assert contact == {"contact": {"name": "王老师", "role": "负责人"}, "errors": []}
    with schema_context(beizhan.schema_name):
        assert list(CollectiveContact.objects.values_list("member_id", "phone")) == [(school, "13800000009")]
    with schema_context(minle.schema_name):
        assert state() == minle_before


def test_the_organiser_cancels_an_activity_and_a_resident_cannot(beizhan, minle):
    # given
    cast, minle_cast = cast_of(beizhan), cast_of(minle)
    with schema_context(beizhan.schema_name):
        before = state()
    with schema_context(minle.schema_name):
        minle_before = state()
    activity = {"id": cast["activity"]}

    # when
    by_resident = payload(gql(HOST, CANCEL, activity, token=cast["alice"]), "cancelActivity")
    missing = payload(gql(HOST, CANCEL, {"id": "not-an-id"}, token=cast["worker"]), "cancelActivity")
    with schema_context(beizhan.schema_name):
        unchanged = state()
    done = payload(gql(HOST, CANCEL, activity, token=cast["worker"]), "cancelActivity")
    again = payload(gql(HOST, CANCEL, activity, token=cast["worker"]), "cancelActivity")

    # then
    assert codes(by_resident) == ["not_permitted"]
    assert codes(missing) == ["activity_not_found"]
    assert unchanged == before
    assert done == {"activity": {"status": "CANCELLED"}, "errors": []}
    assert codes(again) == ["activity_not_open"]
    with schema_context(minle.schema_name):
        assert state() == minle_before
        assert Activity.objects.get(id=minle_cast["activity"]).status == Activity.Status.OPEN


REGISTER = """mutation ($n: String!, $k: String!, $home: ID) {
  registerOrganisation(name: $n, kind: $k, homeCommunityId: $home) {
    organisation { name kind homeCommunity { slug } } errors { field code } } }"""
CONVENE = """mutation ($n: String!) {
  createAlliance(name: $n) { alliance { name convenerCommunity { slug } } errors { field code } } }"""


def federation_rows() -> dict:
    return {
        "organisations": sorted(FederatedOrganisation.objects.values_list("name", "home_community__slug")),
        "alliances": sorted(Alliance.objects.values_list("name", "convener_community__slug")),
    }


def test_a_community_worker_registers_an_organisation_and_convenes_an_alliance_for_their_community(
    beizhan, minle
):
    # given
    cast = cast_of(beizhan)
    before = federation_rows()
    school = {"n": "北站实验学校", "k": "school"}

    # when: a resident, then bad input, then the worker (naming Minle as home, which a worker cannot)
    by_resident = payload(gql(HOST, REGISTER, school, token=cast["alice"]), "registerOrganisation")
    no_name = payload(gql(HOST, REGISTER, {**school, "n": " "}, token=cast["worker"]), "registerOrganisation")
    bad_kind = payload(
        gql(HOST, REGISTER, {**school, "k": "bank"}, token=cast["worker"]), "registerOrganisation"
    )
    resident_convenes = payload(gql(HOST, CONVENE, {"n": "联席会"}, token=cast["alice"]), "createAlliance")
    unchanged = federation_rows()
    registered = payload(
        gql(HOST, REGISTER, {**school, "home": str(minle.community_id)}, token=cast["worker"]),
        "registerOrganisation",
    )
    convened = payload(
        gql(HOST, CONVENE, {"n": "北站社区党组织联席会"}, token=cast["worker"]), "createAlliance"
    )

    # then
    assert codes(by_resident) == ["not_allowed"]
    assert codes(no_name) == ["name_required"]
    assert codes(bad_kind) == ["kind_invalid"]
    assert codes(resident_convenes) == ["not_allowed"]
    assert unchanged == before
    assert registered == {
        "organisation": {"name": "北站实验学校", "kind": "SCHOOL", "homeCommunity": {"slug": "beizhan"}},
        "errors": [],
    }
    assert convened == {
        "alliance": {"name": "北站社区党组织联席会", "convenerCommunity": {"slug": "beizhan"}},
        "errors": [],
    }
    # nothing was registered or convened for Minle
    assert federation_rows() == {
        "organisations": sorted([*before["organisations"], ("北站实验学校", "beizhan")]),
        "alliances": sorted([*before["alliances"], ("北站社区党组织联席会", "beizhan")]),
    }
