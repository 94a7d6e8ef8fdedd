"""The two `/graphql/` endpoints: the community schema on community hosts, the platform schema on the platform host."""

from functools import wraps
from zoneinfo import ZoneInfo

from sharepool.graphql.community.applicants import applicant_reads_middleware
from sharepool.graphql.community.auth import build_community_context
from sharepool.graphql.community.schema import schema as community_schema
from sharepool.graphql.core.scalars import times_in
from sharepool.graphql.core.views import GraphQLEndpoint
from sharepool.graphql.platform.auth import build_platform_context
from sharepool.graphql.platform.schema import schema as platform_schema

community_endpoint = GraphQLEndpoint.as_view(
    schema=community_schema,
    build_context=build_community_context,
    middleware=(applicant_reads_middleware,),
)
platform_graphql = GraphQLEndpoint.as_view(schema=platform_schema, build_context=build_platform_context)


@wraps(community_endpoint)  # its attributes too: the endpoint's CSRF handling is its own
def community_graphql(request, *args, **kwargs):
    """The community's times go out with its own offset (issue 10; core/scalars.py)."""
    community = getattr(request, "community", None)
    with times_in(ZoneInfo(community.timezone) if community is not None else None):
        return community_endpoint(request, *args, **kwargs)
