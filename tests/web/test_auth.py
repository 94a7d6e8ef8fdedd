"""request.member, member_required and staff_required (sharepool/web/auth.py), and add_domain_error."""

from django import forms
from django.http import HttpResponse
from django.test import RequestFactory
from django_tenants.utils import schema_context

from sharepool.credentials.backends import SessionUserBackend
from sharepool.tenants.members.errors import MemberError, MemberErrorCode
from sharepool.tenants.members.models import Member
from sharepool.web.auth import member_required, signed_in_membership, staff_required
from sharepool.web.errors import IDEMPOTENCY_FIELD, IdempotentForm, add_domain_error
from tests.web.conftest import add_member


def page(request):
    return HttpResponse(f"hello {request.member.display_name}")


def request_of(community, member):
    request = RequestFactory().get("/staff-only/", HTTP_HOST=community.domain)
    request.community = community
    with schema_context(community.schema_name):
        # As AuthenticationMiddleware does on each request: the session's user read afresh, with its member.
        request.user = SessionUserBackend().get_user(member.user_id)
        request.membership = signed_in_membership(request)
    active = request.membership is not None and request.membership.status == Member.Status.ACTIVE
    request.member = request.membership if active else None
    return request


def test_staff_pages_are_for_workers_and_admins_only(beizhan):
    worker = add_member(beizhan.schema_name, "shegong", role=Member.Role.WORKER, display_name="社工")
    resident = add_member(beizhan.schema_name, "zhaofang")
    view = staff_required(page)

    with schema_context(beizhan.schema_name):
        allowed = view(request_of(beizhan, worker))
        refused = view(request_of(beizhan, resident))

    assert (allowed.status_code, allowed.content.decode()) == (200, "hello 社工")
    assert refused.status_code == 403
    assert "此页面仅供社区工作者使用。" in refused.content.decode()


def test_a_suspended_worker_is_nobody(beizhan):
    worker = add_member(beizhan.schema_name, "shegong", role=Member.Role.WORKER)
    with schema_context(beizhan.schema_name):
        Member.objects.filter(id=worker.id).update(status=Member.Status.SUSPENDED)

    with schema_context(beizhan.schema_name):
        response = member_required(page)(request_of(beizhan, worker))

    assert response.status_code == 302 and response.headers["Location"] == "/login/?next=%2Fstaff-only%2F"


class TitleForm(forms.Form):
    title = forms.CharField()


def test_a_domain_error_goes_on_its_field_or_on_the_form():
    on_field, on_form = TitleForm({"title": "x"}), TitleForm({"title": "x"})
    on_field.is_valid(), on_form.is_valid()

    add_domain_error(on_field, MemberError(MemberErrorCode.NAME_REQUIRED, "给个名字", field="title"))
    add_domain_error(on_form, MemberError(MemberErrorCode.INVALID_CREDENTIALS, "不对", field="elsewhere"))

    assert on_field.errors == {"title": ["给个名字"]}
    assert on_form.non_field_errors() == ["不对"]


def test_each_rendering_of_an_hours_form_carries_a_fresh_key_and_a_post_keeps_it():
    first, second = IdempotentForm(), IdempotentForm()
    posted = IdempotentForm({IDEMPOTENCY_FIELD: "abc123"})

    assert first[IDEMPOTENCY_FIELD].initial != second[IDEMPOTENCY_FIELD].initial
    assert f'name="{IDEMPOTENCY_FIELD}"' in str(first[IDEMPOTENCY_FIELD])
    assert posted.is_valid() and posted.cleaned_data[IDEMPOTENCY_FIELD] == "abc123"


def test_a_signed_in_page_reads_the_user_and_their_member_in_one_statement(beizhan, minle):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.web.pages import client_of

    resident = add_member(beizhan.schema_name, "zhaofang", display_name="赵芳")
    add_member(minle.schema_name, "zhaofang", display_name="民乐的赵芳")
    client = client_of(beizhan, resident)
    client.get("/me/")  # a session's first request records its schema

    with CaptureQueriesContext(connection) as captured:
        page = client.get("/me/")

    reads = [q["sql"] for q in captured if '"auth_user"' in q["sql"]]  # the user's table, however read
    assert page.status_code == 200 and "赵芳" in page.content.decode()
    assert "民乐的赵芳" not in page.content.decode()
    assert len(reads) == 1 and '"auth_user"' in reads[0] and '"members_member"' in reads[0]
