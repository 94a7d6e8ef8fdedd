"""The mutation base: declared permissions, DomainError -> `errors`, and a suspended community is read-only."""

from django_tenants.utils import schema_context

from sharepool.platform.communities.models import Community
from sharepool.tenants.members.models import Member, MemberToken
from tests.conftest import TEST_PASSWORD
from tests.graphql.conftest import gql

APPROVE = "mutation ($id: ID!) { approveMember(id: $id) { member { status } errors { field code message } } }"
REGISTER = """mutation ($input: RegisterInput!) { register(input: $input) { member { status } errors { field code message } } }"""
LOGIN = 'mutation { login(username: "admin", password: "' + TEST_PASSWORD + '") { token errors { code } } }'


def suspend(slug: str) -> None:
    Community.objects.filter(slug=slug).update(status=Community.Status.SUSPENDED)


def statuses(schema_name: str) -> list[tuple]:
    with schema_context(schema_name):
        return list(Member.objects.order_by("id").values_list("id", "status", "member_number"))


def test_a_domain_error_comes_back_on_the_payload_with_field_and_code(beizhan, minle, sign_in):
    worker = sign_in("worker")
    before = statuses(beizhan.schema_name)

    response = gql("beizhan.localhost", APPROVE, {"id": "999"}, token=worker.token)

    assert response.status_code == 200
    assert response.json()["data"]["approveMember"] == {
        "member": None,
        "errors": [{"field": "id", "code": "member_not_found", "message": "没有这位会员。"}],
    }
    assert statuses(beizhan.schema_name) == before


def test_errors_speak_english_when_asked(beizhan, sign_in):
    worker = sign_in("worker")

    by_header = gql(
        "beizhan.localhost", APPROVE, {"id": "999"}, token=worker.token, HTTP_ACCEPT_LANGUAGE="en"
    )
    by_query = gql("beizhan.localhost", APPROVE, {"id": "999"}, token=worker.token, path="/graphql/?lang=en")

    assert by_header.json()["data"]["approveMember"]["errors"][0]["message"] == "No such member."
    assert by_query.json()["data"]["approveMember"]["errors"][0]["message"] == "No such member."


def test_a_suspended_community_refuses_every_mutation_but_login_and_logout(beizhan, minle, sign_in):
    # given
    worker = sign_in("worker")
    applicant = sign_in("resident", status=Member.Status.PENDING)
    suspend("beizhan")
    before = statuses(beizhan.schema_name)

    # when
    approve = gql("beizhan.localhost", APPROVE, {"id": applicant.member.id}, token=worker.token)
    register = gql(
        "beizhan.localhost",
        REGISTER,
        {"input": {"username": "li", "password": TEST_PASSWORD, "displayName": "李", "phone": "13912345678"}},
    )
    login = gql("beizhan.localhost", LOGIN)
    read = gql("beizhan.localhost", "{ members { totalCount } }", token=worker.token)
    logout = gql("beizhan.localhost", "mutation { logout { ok errors { code } } }", token=worker.token)

    # then
    assert approve.json()["data"]["approveMember"]["errors"][0]["code"] == "community_suspended"
    assert register.json()["data"]["register"]["errors"][0]["code"] == "community_suspended"
    assert statuses(beizhan.schema_name) == before
    assert login.json()["data"]["login"]["errors"] == []
    assert read.json() == {"data": {"members": {"totalCount": 3}}}  # admin, worker, applicant
    assert logout.json()["data"]["logout"] == {"ok": True, "errors": []}
    with schema_context(beizhan.schema_name):
        assert MemberToken.objects.count() == 3  # the worker's, the applicant's, the login's
        assert MemberToken.objects.filter(revoked_at__isnull=False).count() == 1


def test_another_community_stays_writable_when_one_is_suspended(beizhan, minle):
    suspend("beizhan")
    token = gql("minle.localhost", LOGIN).json()["data"]["login"]["token"]
    minle_applicant = {
        "username": "wang",
        "password": TEST_PASSWORD,
        "displayName": "王",
        "phone": "13912345678",
    }

    response = gql("minle.localhost", REGISTER, {"input": minle_applicant}, token=token)

    assert response.json()["data"]["register"] == {"member": {"status": "PENDING"}, "errors": []}
    with schema_context(beizhan.schema_name):
        assert not Member.objects.filter(user__username="wang").exists()


def test_an_unexpected_failure_is_hidden_and_logged_not_a_500(beizhan, sign_in, monkeypatch, caplog):
    # given: the members list breaks with a bug-like error whose text must not reach the client
    from sharepool.graphql.community.members import queries

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret detail 13912345678")

    monkeypatch.setattr(queries, "paginate", broken)
    resident = sign_in("resident")

    # when
    response = gql("beizhan.localhost", "{ members { totalCount } me { displayName } }", token=resident.token)

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"members": None, "me": {"displayName": "resident-active"}}
    assert body["errors"][0]["message"] == "内部错误。"
    assert body["errors"][0]["extensions"] == {"code": "internal_error"}
    assert "secret detail" not in response.text
    assert "GraphQL resolver failed" in caplog.text
