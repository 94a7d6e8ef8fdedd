"""The community schema, served at `/graphql/` on every community host. Capabilities add their
Query and Mutation classes to the bases below (keep one per line, sorted)."""

import graphene

from sharepool.graphql.community.activities.mutations import ActivityMutations
from sharepool.graphql.community.activities.queries import ActivityQueries
from sharepool.graphql.community.audit.queries import CommunityAuditQueries
from sharepool.graphql.community.council.mutations import CouncilMutations
from sharepool.graphql.community.council.queries import CouncilQueries
from sharepool.graphql.community.federation.mutations import CommunityFederationMutations
from sharepool.graphql.community.federation.queries import CommunityFederationQueries
from sharepool.graphql.community.members.mutations import MemberMutations
from sharepool.graphql.community.members.queries import MemberQueries
from sharepool.graphql.community.neighbourhood.mutations import NeighbourhoodMutations
from sharepool.graphql.community.neighbourhood.queries import NeighbourhoodQueries
from sharepool.graphql.community.notifications.mutations import NotificationMutations
from sharepool.graphql.community.notifications.queries import NotificationQueries
from sharepool.graphql.community.recognition.queries import RecognitionQueries
from sharepool.graphql.community.records.operations import RecordsMutations, RecordsQueries
from sharepool.graphql.community.timebank.mutations import TimebankMutations
from sharepool.graphql.community.timebank.queries import TimebankQueries
from sharepool.graphql.community.timebank.settings import CommunitySettingsMutations, CommunitySettingsQueries
from sharepool.graphql.core.permissions import describe_permissions


class Query(
    ActivityQueries,
    CouncilQueries,
    CommunityAuditQueries,
    CommunityFederationQueries,
    CommunitySettingsQueries,
    MemberQueries,
    NeighbourhoodQueries,
    NotificationQueries,
    RecognitionQueries,
    RecordsQueries,
    TimebankQueries,
    graphene.ObjectType,
):
    pass


class Mutation(
    ActivityMutations,
    CouncilMutations,
    CommunityFederationMutations,
    CommunitySettingsMutations,
    MemberMutations,
    NeighbourhoodMutations,
    NotificationMutations,
    RecordsMutations,
    TimebankMutations,
    graphene.ObjectType,
):
    pass


schema = graphene.Schema(query=Query, mutation=Mutation)
# Who may run each operation, from the declarations and the role tables, in the committed SDL (issue 11).
describe_permissions(schema)
