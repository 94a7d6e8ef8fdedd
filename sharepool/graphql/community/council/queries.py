import graphene

from sharepool.core.ids import local_id
from sharepool.graphql.community.council.types import CouncilType, MotionState, MotionType, SessionType
from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import requires
from sharepool.tenants.council.models import Council, Motion, Session
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
        return list(Council.objects.order_by("id"))

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_sessions(_root, info, limit, offset, council_id=None):
        sessions = Session.objects.order_by("-scheduled_at", "-id")
        if council_id is not None:
            sessions = sessions.filter(council_id=local_id(council_id))
        return paginate(sessions, limit=limit, offset=offset)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_session(_root, info, id):
        return Session.objects.filter(id=local_id(id)).first()

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_motions(
        _root, info, limit, offset, include_amendments, council_id=None, state=None, building_id=None
    ):
        motions = Motion.objects.order_by("-id")
        if not include_amendments:
            motions = motions.filter(kind=Motion.Kind.MAIN)
        if council_id is not None:
            motions = motions.filter(council_id=local_id(council_id))
        if state is not None:
            motions = motions.filter(state=getattr(state, "value", state))
        if building_id is not None:
            motions = motions.filter(buildings=local_id(building_id))
        return paginate(motions, limit=limit, offset=offset)

    @staticmethod
    @requires(CommunityPermission.VIEW_MEMBERS)
    def resolve_motion(_root, info, id):
        return Motion.objects.filter(id=local_id(id)).first()
