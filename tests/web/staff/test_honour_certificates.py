"""Honour certificates (表彰, issue 14): a member's recognition as a PDF with a code anyone can check."""

from django.utils import timezone

from sharepool.tenants.recognition.models import Recognition
from sharepool.tenants.stats.models import Certificate
from tests.graphql.conftest import gql, token_for
from tests.web.pages import back_to, client_of
from tests.web.staff.conftest import members_state
from tests.web.staff.test_certificates import pdf_text, stranger


def recognise(member, *, kind=Recognition.Kind.HOURS_SERVED, threshold=100) -> Recognition:
    return Recognition.objects.create(
        kind=kind, threshold=threshold, member=member, granted_at=timezone.now()
    )


def state() -> dict:
    return {**members_state(), "certificates": Certificate.objects.count()}


def test_a_member_gets_an_honour_certificate_from_me_and_a_stranger_checks_it(world, beizhan):
    # given: 张阿姨 has served 100 hours, and is the community's 1,000th member
    alice = world.cast.alice
    hours = recognise(alice)
    recognise(alice, kind=Recognition.Kind.MEMBER_NUMBER, threshold=1000)
    client = client_of(beizhan, alice)

    # when
    me = client.get("/me/").text
    pdf = client.post(f"/me/honours/{hours.id}/certificate/", follow=True)

    # then: a button by each recognition, a PDF that says what it honours, a code anyone can check
    assert me.count("荣誉证书（PDF）") == 2
    text = pdf_text(pdf)
    assert "荣誉证书" in text and "累计志愿服务满 100 小时" in text and alice.display_name in text
    back_to(beizhan)
    certificate = Certificate.objects.get(recognition=hours)
    verified = stranger(beizhan).get(f"/verify/{certificate.code}/")
    assert verified.status_code == 200 and "累计志愿服务满 100 小时" in verified.text
    assert world.minle_untouched()


def test_nobody_gets_anothers_honour_and_nothing_is_written(world, beizhan):
    honour = recognise(world.cast.bob)
    client = client_of(beizhan, world.cast.alice)
    back_to(beizhan)
    before = state()

    refused = client.post(f"/me/honours/{honour.id}/certificate/", follow=True)
    missing = client.post("/me/honours/999999/certificate/", follow=True)

    assert "没有这项表彰。" in refused.text and "没有这项表彰。" in missing.text
    back_to(beizhan)
    assert state() == before


def test_a_worker_issues_one_for_a_member_through_the_api(world, beizhan, minle):
    honour = recognise(world.cast.bob, kind=Recognition.Kind.MEMBER_NUMBER, threshold=1000)
    query = """mutation ($id: ID!) { issueHonourCertificate(recognitionId: $id) {
      certificate { honour memberName code } errors { code } } }"""

    answer = gql(
        beizhan.domain, query, {"id": str(honour.id)}, token=token_for(beizhan.schema_name, world.cast.worker)
    )
    from_minle = gql(
        minle.domain, query, {"id": str(honour.id)}, token=token_for(minle.schema_name, world.minle.worker)
    )

    payload = answer.json()["data"]["issueHonourCertificate"]
    assert payload["errors"] == []
    assert payload["certificate"]["honour"] == f"{beizhan.name}共享会第 1000 名会员"
    assert payload["certificate"]["memberName"] == world.cast.bob.display_name
    assert from_minle.json()["data"]["issueHonourCertificate"]["errors"] == [
        {"code": "recognition_not_found"}
    ]
