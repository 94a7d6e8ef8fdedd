"""Text PostgreSQL cannot store is refused with a code before any write (found by test_bad_input_never_500)."""

import pytest
from django_tenants.utils import schema_context

from sharepool.core.text import TextError, TextErrorCode
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.actors import street_office_actor
from sharepool.platform.federation.models import FederatedOrganisation
from sharepool.platform.federation.organisations import do_register_organisation
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.models import Category, Offer
from tests.graphql.conftest import gql, token_for

POST_OFFER = """mutation ($input: PostListingInput!) {
  postOffer(input: $input) { offer { title } errors { field code message } }
}"""


def offer_count(schema_name: str) -> int:
    with schema_context(schema_name):
        return Offer.objects.count()


def test_an_offer_title_with_a_nul_character_is_refused(beizhan, minle):
    # given: beizhan's admin and a category
    with schema_context(beizhan.schema_name):
        admin = Member.objects.get(role=Member.Role.ADMIN)
        category_id = Category.objects.order_by("id").first().id
    token = token_for(beizhan.schema_name, admin)
    before = offer_count(beizhan.schema_name), offer_count(minle.schema_name)

    # when
    response = gql(
        beizhan.domain,
        POST_OFFER,
        {"input": {"categoryId": str(category_id), "title": "修\x00电脑"}},
        token=token,
    )

    # then
    assert response.status_code == 200
    assert response.json()["data"]["postOffer"] == {
        "offer": None,
        "errors": [{"field": "title", "code": "text_invalid", "message": "文本不能包含空字符（NUL）。"}],
    }
    assert (offer_count(beizhan.schema_name), offer_count(minle.schema_name)) == before


def test_an_organisation_name_longer_than_its_column_is_refused(beizhan, minle):
    # given: the street office of beizhan and minle
    office = street_office_actor(Community.objects.get(slug="beizhan").street_office_id)
    before = FederatedOrganisation.objects.count()

    # when
    with pytest.raises(TextError) as refused:
        do_register_organisation(actor=office, name="北" * 101, kind="school")

    # then
    assert (refused.value.code, refused.value.field) == (TextErrorCode.TEXT_TOO_LONG, "name")
    assert str(refused.value.message) == "最多 100 个字符。"
    assert FederatedOrganisation.objects.count() == before
