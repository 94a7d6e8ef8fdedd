"""createCouncil, giveSeat and endSeat through the community API (issue 13): the same domain functions as
the pages, the same codes, nothing written on a refusal, nothing seen from another community."""

from django_tenants.utils import schema_context

from sharepool.tenants.council.models import Council, Seat
from tests.graphql.conftest import add_member, gql, token_for
from tests.tenants.council.procedure import council_state

CREATE = """mutation ($name: String!, $quorum: Int, $speech: Int = 180, $threshold: Threshold = MAJORITY) {
  createCouncil(name: $name, quorum: $quorum, speechSeconds: $speech, defaultThreshold: $threshold,
                researchRequired: false) {
    council { id name quorum secondsRequired defaultThreshold researchRequired speechSeconds
              secondWithinDays followUpDays seats { id } }
    errors { field code } } }"""
GIVE = """mutation ($c: ID!, $m: ID!, $kind: CouncilSeatKind = REPRESENTATIVE) {
  giveSeat(councilId: $c, memberId: $m, kind: $kind) {
    seat { id kind until member { displayName } } errors { field code } } }"""
END = """mutation ($s: ID!) { endSeat(seatId: $s) { seat { id until } errors { field code } } }"""
SEATS = (
    """{ councils { name quorum seats { id kind member { displayName } } votingMembers { displayName } } }"""
)


def data(response, name: str) -> dict:
    body = response.json()
    assert "errors" not in body, body
    return body["data"][name]


def test_a_worker_creates_a_council_gives_two_seats_and_ends_one(beizhan, minle):
    # given
    worker = add_member(beizhan.schema_name, "shegong", role="worker")
    heads = [add_member(beizhan.schema_name, f"louzhang{n}", display_name=f"楼长{n}") for n in range(2)]
    host, token = beizhan.domain, token_for(beizhan.schema_name, worker)

    # when
    created = data(
        gql(host, CREATE, {"name": "北站社区居民议事会", "quorum": 2}, token=token), "createCouncil"
    )
    council_id = created["council"]["id"]
    given = [
        data(gql(host, GIVE, {"c": council_id, "m": head.id, "kind": kind}, token=token), "giveSeat")
        for head, kind in zip(heads, ["BUILDING_HEAD", "REPRESENTATIVE"], strict=True)
    ]
    ended = data(gql(host, END, {"s": given[1]["seat"]["id"]}, token=token), "endSeat")
    listed = data(gql(host, SEATS, token=token), "councils")

    # then
    assert created == {
        "council": {
            "id": council_id,
            "name": "北站社区居民议事会",
            "quorum": 2,
            "secondsRequired": 1,
            "defaultThreshold": "MAJORITY",
            "researchRequired": False,
            "speechSeconds": 180,
            "secondWithinDays": 14,
            "followUpDays": 30,
            "seats": [],
        },
        "errors": [],
    }
    assert [g["seat"]["kind"] for g in given] == ["BUILDING_HEAD", "REPRESENTATIVE"]
    assert ended["errors"] == [] and ended["seat"]["until"] is not None
    assert listed == [
        {
            "name": "北站社区居民议事会",
            "quorum": 2,
            "seats": [
                {"id": given[0]["seat"]["id"], "kind": "BUILDING_HEAD", "member": {"displayName": "楼长0"}}
            ],
            "votingMembers": [{"displayName": "楼长0"}],
        }
    ]
    with schema_context(minle.schema_name):
        assert (Council.objects.count(), Seat.objects.count()) == (0, 0)


def test_bad_rules_bad_seats_and_a_resident_are_refused_with_their_codes_and_nothing_is_written(beizhan):
    # given
    worker = add_member(beizhan.schema_name, "shegong", role="worker")
    resident = add_member(beizhan.schema_name, "jumin", display_name="居民")
    host, token = beizhan.domain, token_for(beizhan.schema_name, worker)
    council_id = data(gql(host, CREATE, {"name": "北站社区居民议事会"}, token=token), "createCouncil")[
        "council"
    ]["id"]
    seat_id = data(gql(host, GIVE, {"c": council_id, "m": resident.id}, token=token), "giveSeat")["seat"][
        "id"
    ]
    with schema_context(beizhan.schema_name):
        before = council_state()

    # when
    answers = [
        data(gql(host, CREATE, {"name": "议事会", "quorum": 0}, token=token), "createCouncil"),
        data(gql(host, CREATE, {"name": "议事会", "speech": 1}, token=token), "createCouncil"),
        data(gql(host, CREATE, {"name": " "}, token=token), "createCouncil"),
        data(gql(host, CREATE, {"name": "北站社区居民议事会"}, token=token), "createCouncil"),
        data(gql(host, GIVE, {"c": council_id, "m": resident.id}, token=token), "giveSeat"),
        data(gql(host, GIVE, {"c": council_id, "m": "424242"}, token=token), "giveSeat"),
        data(gql(host, END, {"s": "424242"}, token=token), "endSeat"),
    ]
    as_resident = gql(
        host, CREATE, {"name": "居民议事会"}, token=token_for(beizhan.schema_name, resident)
    ).json()

    # then
    assert [a["errors"] for a in answers] == [
        [{"field": "quorum", "code": "quorum_invalid"}],
        [{"field": "speechSeconds", "code": "speech_seconds_invalid"}],
        [{"field": "name", "code": "name_required"}],
        [{"field": "name", "code": "name_taken"}],
        [{"field": "memberId", "code": "already_seated"}],
        [{"field": "memberId", "code": "member_not_found"}],
        [{"field": "seatId", "code": "seat_not_found"}],
    ]
    assert [e["code"] for e in as_resident["data"]["createCouncil"]["errors"]] == ["permission_denied"]
    with schema_context(beizhan.schema_name):
        assert council_state() == before
        assert Seat.objects.get(id=seat_id).until is None


def test_another_communitys_worker_cannot_seat_anyone_in_this_council(beizhan, minle):
    worker = add_member(beizhan.schema_name, "shegong", role="worker")
    head = add_member(beizhan.schema_name, "louzhang", display_name="楼长")
    token = token_for(beizhan.schema_name, worker)
    council_id = data(
        gql(beizhan.domain, CREATE, {"name": "北站社区居民议事会"}, token=token), "createCouncil"
    )["council"]["id"]
    seat_id = data(gql(beizhan.domain, GIVE, {"c": council_id, "m": head.id}, token=token), "giveSeat")[
        "seat"
    ]["id"]
    theirs = token_for(minle.schema_name, add_member(minle.schema_name, "minle-shegong", role="worker"))

    give = data(gql(minle.domain, GIVE, {"c": council_id, "m": head.id}, token=theirs), "giveSeat")
    end = data(gql(minle.domain, END, {"s": seat_id}, token=theirs), "endSeat")
    token_elsewhere = gql(minle.domain, END, {"s": seat_id}, token=token).json()

    assert give["errors"] == [{"field": "councilId", "code": "council_not_found"}]
    assert end["errors"] == [{"field": "seatId", "code": "seat_not_found"}]
    assert "errors" in token_elsewhere  # a Beizhan token is nobody on Minle's host
    with schema_context(beizhan.schema_name):
        assert list(Seat.objects.values_list("member_id", "until")) == [(head.id, None)]
