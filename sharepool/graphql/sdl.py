"""The committed SDL of each schema (issue #3): `manage.py export_graphql_schema` writes it, a test compares."""

from pathlib import Path

from graphql import print_schema

SDL_DIR = Path(__file__).resolve().parent


def schemas() -> dict[Path, object]:
    from sharepool.graphql.community.schema import schema as community_schema
    from sharepool.graphql.platform.schema import schema as platform_schema

    return {
        SDL_DIR / "community.graphql": community_schema,
        SDL_DIR / "platform.graphql": platform_schema,
    }


def sdl_of(schema) -> str:
    return print_schema(schema.graphql_schema) + "\n"
