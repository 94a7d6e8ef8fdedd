"""The two `/graphql/` endpoints: the community schema on community hosts, the platform schema on the platform host."""

from sharepool.graphql.community.applicants import applicant_reads_middleware
from sharepool.graphql.community.auth import build_community_context
from sharepool.graphql.community.schema import schema as community_schema
from sharepool.graphql.core.views import GraphQLEndpoint
from sharepool.graphql.platform.auth import build_platform_context
from sharepool.graphql.platform.schema import schema as platform_schema

community_graphql = GraphQLEndpoint.as_view(
    schema=community_schema,
    build_context=build_community_context,
    middleware=(applicant_reads_middleware,),
)
platform_graphql = GraphQLEndpoint.as_view(schema=platform_schema, build_context=build_platform_context)
