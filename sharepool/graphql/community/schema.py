"""The community schema, served at `/graphql/` on every community host. Capabilities add their
Query and Mutation classes to the bases below (keep one per line, sorted)."""

import graphene

from sharepool.graphql.community.federation.mutations import CommunityFederationMutations
from sharepool.graphql.community.federation.queries import CommunityFederationQueries
from sharepool.graphql.community.members.mutations import MemberMutations
from sharepool.graphql.community.members.queries import MemberQueries


class Query(
    CommunityFederationQueries,
    MemberQueries,
    graphene.ObjectType,
):
    pass


class Mutation(
    CommunityFederationMutations,
    MemberMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
