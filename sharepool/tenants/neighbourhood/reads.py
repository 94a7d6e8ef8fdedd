"""What the neighbourhood's pages and its GraphQL queries read (issue 13): the same rows, the same order,
their related rows loaded in a fixed number of queries."""

from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.functional import Promise

from sharepool.core.ids import local_id
from sharepool.core.schemas import current_schema_name
from sharepool.core.text import check_text
from sharepool.gateways.federated_organisations import FederatedOrganisationCard, federated_organisations_of
from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import (
    Building,
    BuildingHead,
    CommunityOrganisation,
    Estate,
    MemberStanding,
)


def estates() -> list[Estate]:
    return list(Estate.objects.order_by("kind", "id"))


def current_heads() -> Prefetch:
    """A building's current heads, with their member, as `building.current_heads`."""
    return Prefetch(
        "heads",
        queryset=BuildingHead.objects.filter(until__isnull=True).select_related("member").order_by("id"),
        to_attr="current_heads",
    )


def buildings(
    *, estate_id=None, to_confirm: bool | None = None, search: str | None = None
) -> QuerySet[Building]:
    rows = (
        Building.objects.select_related("estate")
        .prefetch_related(current_heads())
        .order_by("estate_id", "id")
    )
    if estate_id is not None:
        rows = rows.filter(estate_id=local_id(estate_id))
    if to_confirm is not None:
        rows = rows.filter(to_confirm=to_confirm)
    if search:
        check_text(search, field="search", max_length=50)
        rows = rows.filter(Q(name__icontains=search) | Q(estate__name__icontains=search))
    return rows


def building_by_id(building_id) -> Building | None:
    return buildings().filter(id=local_id(building_id)).first()


def building_heads(*, building_id=None, current: bool = True) -> QuerySet[BuildingHead]:
    terms = BuildingHead.objects.select_related("member").order_by("id")
    if current:
        terms = terms.filter(until__isnull=True)
    if building_id is not None:
        terms = terms.filter(buildings=local_id(building_id))
    return terms


def buildings_headed_by(member) -> QuerySet[Building]:
    """The buildings a member heads now (their progress is theirs to report)."""
    return Building.objects.filter(heads__member=member, heads__until__isnull=True).distinct().order_by("id")


def organisations(*, kind=None, status=None) -> QuerySet[CommunityOrganisation]:
    rows = CommunityOrganisation.objects.order_by("kind", "id")
    if kind is not None:
        rows = rows.filter(kind=kind)
    if status is not None:
        rows = rows.filter(status=status)
    return rows


@dataclass(frozen=True)
class OrganisationGroup:
    kind: str
    label: str | Promise  # the kind's lazy label, translated where it is shown
    organisations: list[CommunityOrganisation]


def organisations_by_kind(*, status=None) -> list[OrganisationGroup]:
    """The community's organisations under their kind, in the kinds' order (co-governance first)."""
    rows = list(organisations(status=status))
    return [
        OrganisationGroup(kind, label, [o for o in rows if o.kind == kind])
        for kind, label in CommunityOrganisation.Kind.choices
        if any(o.kind == kind for o in rows)
    ]


def collective_members() -> QuerySet[Member]:
    """Collective members of the time bank an organisation may stand as."""
    return Member.objects.filter(kind=Member.Kind.COLLECTIVE, status=Member.Status.ACTIVE).order_by(
        "display_name"
    )


def federation_organisations() -> list[FederatedOrganisationCard]:
    """The federation's organisations of this community's street office, to link an organisation to."""
    return federated_organisations_of(community_schema=current_schema_name())


@dataclass(frozen=True)
class InServiceTally:
    """An in-service party member's own tally (在职党员报到): what they served in this community since
    they reported in, and of that, this year. Counted as `services.in_service_minutes` counts."""

    reported_in_on: date
    minutes_this_year: int
    minutes_in_all: int


def in_service_tally(standing: MemberStanding | None, *, year_start: date) -> InServiceTally | None:
    """None, without a query, for anyone but an in-service party member; for them, one query."""
    if (
        standing is None
        or standing.party != MemberStanding.Party.IN_SERVICE
        or standing.reported_in_on is None
    ):
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT coalesce(sum(served.minutes), 0),
                      coalesce(sum(served.minutes) FILTER (WHERE served.day >= %(year_start)s), 0)
               FROM (SELECT e.minutes, (e.confirmed_at AT TIME ZONE %(zone)s)::date AS day FROM timebank_exchange e
                     WHERE e.provider_id = %(member)s AND e.state = 'confirmed'
                       AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.reverses_id = e.transfer_id)
                     UNION ALL
                     SELECT a.minutes, (a.awarded_at AT TIME ZONE %(zone)s)::date FROM activities_activityaward a
                     WHERE a.member_id = %(member)s
                       AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.reverses_id = a.transfer_id)
               ) served
               WHERE served.day >= %(since)s""",
            {
                "member": standing.member_id,
                "since": standing.reported_in_on,
                "year_start": year_start,
                # Days are the community's, not the connection's UTC ones.
                "zone": timezone.get_current_timezone_name(),
            },
        )
        in_all, this_year = cursor.fetchone()
    return InServiceTally(
        reported_in_on=standing.reported_in_on, minutes_this_year=this_year, minutes_in_all=in_all
    )
