"""The platform schema, served at `/graphql/` on the platform host (public schema). Capabilities add
their Query and Mutation classes to the bases below (keep one per line, sorted)."""

import graphene

from sharepool.graphql.core.permissions import describe_permissions
from sharepool.graphql.platform.accounts.mutations import AccountMutations
from sharepool.graphql.platform.accounts.queries import AccountQueries
from sharepool.graphql.platform.audit.queries import PlatformAuditQueries
from sharepool.graphql.platform.billing.mutations import BillingMutations
from sharepool.graphql.platform.communities.mutations import CommunityMutations
from sharepool.graphql.platform.communities.queries import CommunityQueries
from sharepool.graphql.platform.federation.mutations import FederationMutations
from sharepool.graphql.platform.federation.queries import FederationQueries


class Query(
    AccountQueries,
    CommunityQueries,
    FederationQueries,
    PlatformAuditQueries,
    graphene.ObjectType,
):
    pass


class Mutation(
    AccountMutations,
    BillingMutations,
    CommunityMutations,
    FederationMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
# Who may run each operation, from the declarations and the role tables, in the committed SDL (issue 11).
describe_permissions(schema)
