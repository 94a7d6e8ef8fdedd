"""Error codes are a GraphQL enum, in the committed SDL, with the same strings clients read (issue 11)."""

from pathlib import Path

from sharepool.graphql.community.schema import schema as community_schema
from sharepool.graphql.core.errors import error_code_enums
from sharepool.graphql.platform.schema import schema as platform_schema
from sharepool.tenants.ledger.errors import ActorErrorCode
from sharepool.tenants.timebank.errors import TimebankErrorCode

SDL = Path(__file__).resolve().parents[3] / "sharepool" / "graphql"


def test_every_code_of_every_area_is_a_value_of_the_error_code_enum():
    # given: the codes of every area's StrEnum
    codes = {str(code) for enum in error_code_enums() for code in enum}

    # then: both schemas carry them all as the values of ErrorCode, spelled as the code itself
    for schema in (community_schema, platform_schema):
        assert set(schema.graphql_schema.get_type("ErrorCode").values) == codes
    assert str(TimebankErrorCode.WRONG_ACTOR) in codes
    assert len(error_code_enums()) >= 11


def test_the_committed_sdl_lists_the_codes():
    # then: a removed or renamed code changes the SDL, which test_endpoints compares with the code
    text = (SDL / "community.graphql").read_text(encoding="utf-8")
    assert "  code: ErrorCode!\n" in text
    assert f"\n  {ActorErrorCode.NOT_PERMITTED}\n" in text
