import graphene
from django.utils import timezone

from sharepool.core.ids import local_id
from sharepool.graphql.community.recognition.types import (
    HonourType,
    RecognitionKind,
    RecognitionType,
    StatsSnapshotType,
    StatsType,
)
from sharepool.graphql.core.pagination import page_arguments, page_type, paginate
from sharepool.graphql.core.permissions import SIGNED_IN, requires
from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.recognition.services import recognitions
from sharepool.tenants.stats.services import community_stats, default_honours_start, honours, stats_history

RecognitionPage = page_type(RecognitionType, "RecognitionPage")


class RecognitionQueries(graphene.ObjectType):
    recognitions = graphene.Field(
        RecognitionPage, member_id=graphene.ID(), kind=RecognitionKind(), **page_arguments()
    )
    honours = graphene.List(
        graphene.NonNull(HonourType),
        required=True,
        start=DateTime(description="Default: 30 days ago."),
        end=DateTime(description="Default: now."),
        limit=graphene.Int(default_value=10),
    )
    stats = graphene.Field(StatsType, required=True)
    stats_history = graphene.List(
        graphene.NonNull(StatsSnapshotType),
        required=True,
        days=graphene.Int(default_value=30, description="The last N days, today included; at most 366."),
        description="The daily snapshots of the statistics, newest first.",
    )

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_recognitions(_root, info, limit, offset, member_id=None, kind=None):
        rows = recognitions(
            member_id=None if member_id is None else local_id(member_id), kind=getattr(kind, "value", kind)
        )
        return paginate(rows, limit=limit, offset=offset)

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_honours(_root, info, limit, start=None, end=None):
        end = end or timezone.now()
        return honours(start=start or default_honours_start(end), end=end, limit=max(1, min(limit, 100)))

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_stats(_root, info):
        return community_stats(now=timezone.now())

    @staticmethod
    @requires(SIGNED_IN)
    def resolve_stats_history(_root, info, days):
        return stats_history(days=days, today=timezone.localdate())
