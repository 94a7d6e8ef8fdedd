"""Parsed and validated documents are cached by their text, in a bounded LRU (issue #3)."""

from sharepool.graphql.community.schema import schema
from sharepool.graphql.core.documents import DOCUMENT_CACHE_SIZE, parse_and_validate
from tests.graphql.conftest import gql


def test_the_same_document_is_parsed_and_validated_once(beizhan, sign_in):
    # given
    resident = sign_in("resident")
    parse_and_validate.cache_clear()
    query = "{ me { displayName } }"

    # when: asked three times
    responses = [gql("beizhan.localhost", query, token=resident.token) for _n in range(3)]

    # then
    info = parse_and_validate.cache_info()
    assert (info.misses, info.hits) == (1, 2)
    assert all(
        response.json() == {"data": {"me": {"displayName": "resident-active"}}} for response in responses
    )


def test_the_cache_is_bounded():
    parse_and_validate.cache_clear()

    for n in range(DOCUMENT_CACHE_SIZE + 10):
        parse_and_validate(schema.graphql_schema, f"{{ me {{ id }} }} # {n}", False)

    assert parse_and_validate.cache_info().currsize == DOCUMENT_CACHE_SIZE


def test_an_invalid_document_is_cached_with_its_errors():
    parse_and_validate.cache_clear()

    first = parse_and_validate(schema.graphql_schema, "{ me { nope } }", False)
    second = parse_and_validate(schema.graphql_schema, "{ me { nope } }", False)

    assert first is second
    assert [error.message for error in first[2]] == ["Cannot query field 'nope' on type 'Member'."]
