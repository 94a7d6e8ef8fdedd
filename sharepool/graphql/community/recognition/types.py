import graphene

from sharepool.graphql.community.members.types import MemberType
from sharepool.graphql.community.timebank.types import hours, member_field
from sharepool.graphql.core.scalars import DateTime
from sharepool.tenants.neighbourhood.services import member_figures
from sharepool.tenants.recognition.models import Recognition

RecognitionKind = graphene.Enum.from_enum(Recognition.Kind, name="RecognitionKind")


class RecognitionType(graphene.ObjectType):
    class Meta:
        name = "Recognition"

    id = graphene.ID(required=True)
    kind = RecognitionKind(required=True)
    threshold = graphene.Int(required=True, description="The member number, or the hours served.")
    member = graphene.Field(MemberType, required=True, resolver=member_field("member_id"))
    granted_at = DateTime(required=True)


class HonourType(graphene.ObjectType):
    class Meta:
        name = "Honour"

    rank = graphene.Int(required=True)
    member = graphene.Field(MemberType, required=True, resolver=member_field("member_id"))
    minutes = graphene.Int(required=True)


class CountByKey(graphene.ObjectType):
    key = graphene.String(required=True)
    count = graphene.Int(required=True)


class CategoryFigureType(graphene.ObjectType):
    class Meta:
        name = "CategoryFigure"

    category_id = graphene.ID(required=True)
    name = graphene.String(required=True)
    minutes = graphene.Int(required=True)


class StatsType(graphene.ObjectType):
    class Meta:
        name = "CommunityStats"

    members = graphene.Int(required=True)
    members_by_kind = graphene.List(graphene.NonNull(CountByKey), required=True)
    members_by_month_joined = graphene.List(graphene.NonNull(CountByKey), required=True)
    active_members_90_days = graphene.Int(required=True)
    minutes_served = graphene.Int(
        required=True, description="Exchanges, activities and joint projects, reversals left out."
    )
    hours_served = graphene.String(required=True)
    minutes_served_exchanges = graphene.Int(required=True)
    minutes_served_activities = graphene.Int(required=True)
    minutes_served_projects = graphene.Int(
        required=True,
        description="In joint projects: hosted here, or hosted by another community that paid the hours.",
    )
    minutes_in_circulation = graphene.Int(required=True)
    population = graphene.Int()
    participation_rate = graphene.String(description="Members per resident, 4 decimals.")
    top_categories = graphene.List(graphene.NonNull(CategoryFigureType), required=True)
    members_by_category = graphene.List(
        graphene.NonNull(CountByKey),
        required=True,
        description="Active members who are party members (PARTY_MEMBERS, in-service included), in-service "
        "party members reporting in, building heads, buildings covered, workers, coordinators, residents "
        "with an employer or resident unit, and collective members by kind (COLLECTIVE_<KIND>).",
    )
    in_service_party_minutes = graphene.Int(
        required=True, description="Served minutes of in-service party members since they reported in."
    )

    @staticmethod
    def resolve_members_by_category(stats, info):
        figures = member_figures()
        counts = {
            "PARTY_MEMBERS": figures.party_members,
            "IN_SERVICE_PARTY_MEMBERS": figures.in_service_party_members,
            "BUILDING_HEADS": figures.building_heads,
            "BUILDINGS_COVERED": figures.buildings_covered,
            "WORKERS": figures.workers,
            "COORDINATORS": figures.coordinators,
            "WITH_EMPLOYER": figures.with_employer,
        }
        for kind, n in figures.collective_by_kind.items():
            counts[f"COLLECTIVE_{(kind or 'unspecified').upper()}"] = n
        return [CountByKey(key=k, count=v) for k, v in counts.items()]

    @staticmethod
    def resolve_in_service_party_minutes(stats, info):
        return member_figures().in_service_party_minutes

    @staticmethod
    def resolve_members_by_kind(stats, info):
        return [CountByKey(key=k, count=v) for k, v in stats.members_by_kind.items()]

    @staticmethod
    def resolve_members_by_month_joined(stats, info):
        return [CountByKey(key=k, count=v) for k, v in stats.members_by_month_joined.items()]

    @staticmethod
    def resolve_hours_served(stats, info):
        return hours(stats.minutes_served)

    @staticmethod
    def resolve_participation_rate(stats, info):
        return None if stats.participation_rate is None else str(stats.participation_rate)


class StatsSnapshotType(graphene.ObjectType):
    class Meta:
        name = "StatsSnapshot"

    day = graphene.Date(required=True)
    members = graphene.Int(required=True)
    active_members_90_days = graphene.Int(required=True)
    minutes_served = graphene.Int(required=True)
    hours_served = graphene.String(required=True)
    minutes_in_circulation = graphene.Int(required=True)
    population = graphene.Int()
    participation_rate = graphene.String(description="Members per resident, 4 decimals.")
    taken_at = DateTime(required=True)

    @staticmethod
    def resolve_hours_served(snapshot, info):
        return hours(snapshot.minutes_served)

    @staticmethod
    def resolve_participation_rate(snapshot, info):
        return None if snapshot.participation_rate is None else str(snapshot.participation_rate)
