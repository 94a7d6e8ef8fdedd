"""A council session run through the community API (issue 13): roll call, motion, ballot, minutes."""

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from sharepool.tenants.council.models import Council, Motion
from sharepool.tenants.council.services import do_create_council, do_give_seat
from tests.graphql.conftest import add_member, gql, token_for

CREATE = """mutation ($c: ID!, $at: DateTime!, $chair: ID!, $sec: ID!) {
  createSession(councilId: $c, title: "居民议事会", scheduledAt: $at, chairId: $chair, secretaryId: $sec) {
    session { id state } errors { code } } }"""
SUBMIT = """mutation ($c: ID!) { submitMotion(councilId: $c, title: "关于防止高空坠物加装防护网的议案",
  text: "加装防坠网", research: "楼长调研") { motion { id state number } errors { code } } }"""


def ask(host, token, query, **variables):
    return gql(host, query, variables, token=token).json()


def test_a_session_from_roll_call_to_minutes_through_the_api(beizhan, minle):
    # given: a council of three building heads and a community worker as secretary
    worker = add_member(beizhan.schema_name, "shegong", role="worker")
    heads = [add_member(beizhan.schema_name, f"louzhang{n}", display_name=f"楼长{n}") for n in range(3)]
    outsider = add_member(beizhan.schema_name, "jumin")
    with schema_context(beizhan.schema_name):
        council = do_create_council(actor=worker, name="北站社区居民议事会")
        for head in heads:
            do_give_seat(actor=worker, council_id=council.id, member_id=head.id)
    host = beizhan.domain
    w, h0, h1, h2 = (token_for(beizhan.schema_name, m) for m in [worker, *heads])
    at = (timezone.now() + timedelta(hours=1)).isoformat()

    # when
    refused = ask(host, h0, CREATE, c=council.id, at=at, chair=heads[0].id, sec=worker.id)
    session = ask(host, w, CREATE, c=council.id, at=at, chair=heads[0].id, sec=worker.id)
    session_id = session["data"]["createSession"]["session"]["id"]
    motion = ask(host, h1, SUBMIT, c=council.id)["data"]["submitMotion"]["motion"]
    own = ask(
        host, h1, "mutation ($m: ID!) { secondMotion(motionId: $m) { errors { code } } }", m=motion["id"]
    )
    outsiders = ask(
        host,
        token_for(beizhan.schema_name, outsider),
        "mutation ($m: ID!) { secondMotion(motionId: $m) { errors { code } } }",
        m=motion["id"],
    )
    ask(host, h2, "mutation ($m: ID!) { secondMotion(motionId: $m) { errors { code } } }", m=motion["id"])
    ask(
        host,
        w,
        "mutation ($m: ID!, $s: ID!) { scheduleMotion(motionId: $m, sessionId: $s) { errors { code } } }",
        m=motion["id"],
        s=session_id,
    )
    for head in heads[:2]:
        ask(
            host,
            w,
            "mutation ($s: ID!, $m: ID!) { checkInToSession(sessionId: $s, memberId: $m) { errors { code } } }",
            s=session_id,
            m=head.id,
        )
    ask(
        host,
        w,
        "mutation ($s: ID!) { openSession(sessionId: $s) { session { state present quorum } errors { code } } }",
        s=session_id,
    )
    ask(
        host,
        h0,
        "mutation ($m: ID!) { stateQuestion(motionId: $m) { motion { state } errors { code } } }",
        m=motion["id"],
    )
    opened = ask(
        host,
        h0,
        "mutation ($m: ID!) { openVote(motionId: $m, method: BALLOT) { vote { presentAtOpen } errors { code } } }",
        m=motion["id"],
    )
    for token, choice in ((h0, "YES"), (h1, "YES")):
        ask(
            host,
            token,
            "mutation ($m: ID!, $c: VoteChoice!) { castVote(motionId: $m, choice: $c) { ok errors { code } } }",
            m=motion["id"],
            c=choice,
        )
    absent = ask(
        host,
        h2,
        "mutation ($m: ID!) { castVote(motionId: $m, choice: NO) { ok errors { code } } }",
        m=motion["id"],
    )
    closed = ask(
        host,
        h0,
        "mutation ($m: ID!) { closeVote(motionId: $m) { vote { yes no abstain result presentAtClose } errors { code } } }",
        m=motion["id"],
    )
    ask(
        host,
        w,
        "mutation ($s: ID!) { closeSession(sessionId: $s) { session { state } errors { code } } }",
        s=session_id,
    )
    read = ask(
        host,
        token_for(beizhan.schema_name, outsider),
        "query ($m: ID!) { motion(id: $m) { number state votes { method yes result ballotsCast namedVotes { choice } } } }",
        m=motion["id"],
    )
    minutes = ask(host, h2, "query ($s: ID!) { session(id: $s) { state minutes { text } } }", s=session_id)
    in_minle = ask(
        minle.domain,
        token_for(minle.schema_name, add_member(minle.schema_name, "minle")),
        "{ councils { name } motions { totalCount } }",
    )

    # then
    assert refused["data"]["createSession"]["errors"] == [{"code": "permission_denied"}]
    assert motion["state"] == "SUBMITTED"
    assert own["data"]["secondMotion"]["errors"] == [{"code": "cannot_second_own_motion"}]
    assert outsiders["data"]["secondMotion"]["errors"] == [{"code": "not_a_voting_member"}]
    assert opened["data"]["openVote"] == {"vote": {"presentAtOpen": 2}, "errors": []}
    assert absent["data"]["castVote"]["errors"] == [{"code": "not_present"}]
    assert closed["data"]["closeVote"]["vote"] == {
        "yes": 2,
        "no": 0,
        "abstain": 0,
        "result": "adopted",
        "presentAtClose": 2,
    }
    assert read["data"]["motion"] == {
        "number": 1,
        "state": "ADOPTED",
        "votes": [{"method": "BALLOT", "yes": 2, "result": "adopted", "ballotsCast": 2, "namedVotes": []}],
    }
    assert minutes["data"]["session"]["state"] == "CLOSED"
    assert (
        "第1号议案《关于防止高空坠物加装防护网的议案》通过" in minutes["data"]["session"]["minutes"]["text"]
    )
    assert in_minle["data"] == {"councils": [], "motions": {"totalCount": 0}}
    with schema_context(beizhan.schema_name):
        assert (Council.objects.count(), Motion.objects.get(id=motion["id"]).state) == (1, "adopted")
