import graphene

from sharepool.graphql.community.council.types import CouncilType, MotionState, MotionType, SessionType
from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import requires
from sharepool.tenants.council import reads
from sharepool.tenants.members.permissions import CommunityPermission

SessionPage = page_type(SessionType, "CouncilSessionPage")
MotionPage = page_type(MotionType, "MotionPage")


class CouncilQueries(graphene.ObjectType):
    councils = graphene.List(graphene.NonNull(CouncilType), required=True)
    sessions = graphene.Field(SessionPage, council_id=graphene.ID(), **page_arguments())
    session = graphene.Field(SessionType, id=graphene.ID(required=True))
    motions = graphene.Field(
        MotionPage,
        council_id=graphene.ID(),
        state=MotionState(),
        building_id=graphene.ID(description="Motions concerning this building."),
        include_amendments=graphene.Boolean(default_value=False),
        **page_arguments(),
    )
    motion = graphene.Field(MotionType, id=graphene.ID(required=True))

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_councils(_root, info):
        return reads.councils()

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_sessions(_root, info, limit, offset, council_id=None):
        return paginate(reads.sessions(council_id=council_id), limit=limit, offset=offset)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_session(_root, info, id):
        return reads.session_by_id(id)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_motions(
        _root, info, limit, offset, include_amendments, council_id=None, state=None, building_id=None
    ):
        rows = reads.motions(
            council_id=council_id,
            state=getattr(state, "value", state),
            building_id=building_id,
            include_amendments=include_amendments,
        )
        return paginate(rows, limit=limit, offset=offset)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_motion(_root, info, id):
        return reads.motion_by_id(id)
