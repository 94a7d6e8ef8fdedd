"""What tenant code may know of the public `Community` row: a `CommunityRef`, plain data."""

from dataclasses import dataclass

from django.db import connection

from sharepool.core.schemas import current_schema_name, current_tenant
from sharepool.platform.communities.models import Community


@dataclass(frozen=True)
class CommunityRef:
    id: int
    slug: str
    name: str
    schema_name: str
    population: int | None
    # Active or suspended: its schema is ready and its ledger may be credited (a suspended one is read-only
    # for its own residents, not for hours earned elsewhere).
    serving: bool
    # Where its residents live: their times are shown and entered in this zone (issue 10).
    timezone: str = "Asia/Shanghai"


def community_ref(community: Community) -> CommunityRef:
    return CommunityRef(
        id=community.id,
        slug=community.slug,
        name=community.name,
        schema_name=community.schema_name,
        population=community.population,
        serving=community.is_serving,
        timezone=community.timezone,
    )


def community_by_slug(slug: str) -> CommunityRef | None:
    community = Community.objects.filter(slug=slug).first()
    return None if community is None else community_ref(community)


def current_community() -> CommunityRef | None:
    """The community whose schema the connection is in: the request's tenant, or looked up by schema name
    when the schema was set by name (a task or a command) and the tenant is django-tenants' FakeTenant."""
    tenant = current_tenant()
    if isinstance(tenant, Community):
        return community_ref(tenant)
    community = Community.objects.filter(schema_name=current_schema_name()).first()
    return None if community is None else community_ref(community)


def existing_schemas() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        return {row[0] for row in cursor.fetchall()}


def communities() -> list[CommunityRef]:
    """Every community with a schema of its own, by slug.

    A community still `provisioning` (or whose onboarding died) has a row and no schema yet: platform
    commands that walk every schema skip it (issue #10) and report it with `communities_without_schema`.
    """
    existing = existing_schemas()
    rows = Community.objects.exclude(schema_name="public").order_by("slug")
    return [community_ref(community) for community in rows if community.schema_name in existing]


def communities_without_schema() -> list[tuple[str, str]]:
    """(slug, status) of the communities that have no schema yet."""
    existing = existing_schemas()
    rows = Community.objects.exclude(schema_name="public").order_by("slug")
    return [(community.slug, community.status) for community in rows if community.schema_name not in existing]
