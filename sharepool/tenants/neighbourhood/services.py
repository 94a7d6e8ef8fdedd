"""State changes of the neighbourhood (issue 13): estates, buildings, building heads, organisations,
who a member is, and appointments by the community's admin (audited)."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.audit import snapshot
from sharepool.core.ids import local_id
from sharepool.core.rows import row_by_id
from sharepool.core.schemas import current_schema_name
from sharepool.core.text import check_model_texts, check_text
from sharepool.gateways.federated_organisations import federated_organisation_card
from sharepool.gateways.federation_registration import (
    NameTakenInFederation,
    Registrant,
    register_in_federation,
)
from sharepool.tenants.admission.services import do_register_assisted_member
from sharepool.tenants.audit.services import CommunityAuditAction as Action
from sharepool.tenants.audit.services import record_audit
from sharepool.tenants.ledger.actors import load_active_member, require_permission
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.tenants.members.services import do_register_member, do_update_member_profile
from sharepool.tenants.neighbourhood.errors import NeighbourhoodError, NeighbourhoodErrorCode
from sharepool.tenants.neighbourhood.models import (
    Building,
    BuildingHead,
    CommunityOrganisation,
    Estate,
    MemberStanding,
)

# ---------------------------------------------------------------------------------------------
# Estates and buildings


def building_for_text(text: str) -> Building | None:
    """The building a member names in free text: an existing one of that name, or a new one to confirm.

    Registration keeps accepting free text (residents type "3栋"), and no text is lost: a name no
    worker entered yet becomes a building to confirm, as the migration of the old texts did.
    """
    text = text.strip()
    if not text:
        return None
    check_model_texts(Building, name=text)
    found = Building.objects.filter(name=text).order_by("to_confirm", "id").first()
    if found is not None:
        return found
    building, _created = Building.objects.get_or_create(estate=None, name=text, defaults={"to_confirm": True})
    return building


@transaction.atomic
def do_register_resident(*, building: str = "", **application) -> Member:
    """Registration with the building in free text: the text becomes a building (an existing one of that
    name, or one to confirm), then the member applies, in one transaction."""
    check_text(building, field="building", max_length=Building._meta.get_field("name").max_length)
    return do_register_member(building=building_for_text(building), **application)


@transaction.atomic
def do_register_assisted_resident(*, building: str = "", **registration) -> Member:
    """A worker registers a resident without a phone (issue 14), the building typed as text as above."""
    check_text(building, field="building", max_length=Building._meta.get_field("name").max_length)
    return do_register_assisted_member(building=building_for_text(building), **registration)


@transaction.atomic
def do_update_resident_profile(*, member_id: int, building: str, unit: str, skills: str) -> Member:
    """The profile with the building typed as text, turned into a building as at registration."""
    check_text(building, field="building", max_length=Building._meta.get_field("name").max_length)
    return do_update_member_profile(
        member_id=member_id, building=building_for_text(building), unit=unit, skills=skills
    )


def load_estate(estate_id) -> Estate:
    estate = row_by_id(Estate, local_id(estate_id))
    if estate is None:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.ESTATE_NOT_FOUND, _("No such estate."), field="estateId"
        )
    return estate


def load_building(building_id, field: str = "buildingId") -> Building:
    building = row_by_id(Building, local_id(building_id))
    if building is None:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.BUILDING_NOT_FOUND, _("No such building."), field=field
        )
    return building


def check_households(households: int | None) -> None:
    if households is not None and (isinstance(households, bool) or not 0 <= households <= 100_000):
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.HOUSEHOLDS_INVALID, _("Households are 0 to 100,000."), field="households"
        )


@transaction.atomic
def do_create_estate(*, actor: Member, name: str, kind: str, address: str = "") -> Estate:
    require_permission(actor, CommunityPermission.MANAGE_NEIGHBOURHOOD)
    name, address = name.strip(), address.strip()
    if not name:
        raise NeighbourhoodError(NeighbourhoodErrorCode.NAME_REQUIRED, _("Give a name."), field="name")
    check_model_texts(Estate, name=name, address=address)
    if Estate.objects.filter(name=name).exists():
        raise NeighbourhoodError(NeighbourhoodErrorCode.NAME_TAKEN, _("This name is taken."), field="name")
    estate = Estate.objects.create(name=name, kind=Estate.Kind(kind), address=address)
    record_audit(actor=actor, action=Action.ESTATE_CREATED, subject=estate, after=snapshot(estate))
    return estate


@transaction.atomic
def do_create_building(
    *, actor: Member, estate_id, name: str, address: str = "", households: int | None = None
) -> Building:
    require_permission(actor, CommunityPermission.MANAGE_NEIGHBOURHOOD)
    estate = load_estate(estate_id)
    name, address = name.strip(), address.strip()
    if not name:
        raise NeighbourhoodError(NeighbourhoodErrorCode.NAME_REQUIRED, _("Give a name."), field="name")
    check_model_texts(Building, name=name, address=address)
    check_households(households)
    if Building.objects.filter(estate=estate, name=name).exists():
        raise NeighbourhoodError(NeighbourhoodErrorCode.NAME_TAKEN, _("This name is taken."), field="name")
    building = Building.objects.create(estate=estate, name=name, address=address, households=households)
    record_audit(actor=actor, action=Action.BUILDING_CREATED, subject=building, after=snapshot(building))
    return building


@transaction.atomic
def do_confirm_building(
    *, actor: Member, building_id, estate_id, name: str, households: int | None = None
) -> Building:
    """A worker confirms a building made from free text: it gets its estate and proper name. Members
    who named it keep pointing to it; when the estate already has that building, they move to it."""
    require_permission(actor, CommunityPermission.MANAGE_NEIGHBOURHOOD)
    building = load_building(building_id)
    if not building.to_confirm:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.BUILDING_ALREADY_CONFIRMED, _("This building is confirmed already.")
        )
    estate = load_estate(estate_id)
    name = name.strip()
    if not name:
        raise NeighbourhoodError(NeighbourhoodErrorCode.NAME_REQUIRED, _("Give a name."), field="name")
    check_model_texts(Building, name=name)
    check_households(households)
    before = snapshot(building)
    existing = Building.objects.filter(estate=estate, name=name).first()
    if existing is not None:
        Member.objects.filter(building=building).update(building=existing)
        for term in BuildingHead.objects.filter(buildings=building):
            term.buildings.add(existing)
            term.buildings.remove(building)
        building.delete()
        confirmed = existing
    else:
        building.estate, building.name, building.to_confirm = estate, name, False
        if households is not None:
            building.households = households
        building.save(update_fields=["estate", "name", "to_confirm", "households"])
        confirmed = building
    record_audit(
        actor=actor,
        action=Action.BUILDING_CONFIRMED,
        subject=confirmed,
        before=before,
        after=snapshot(confirmed),
    )
    return confirmed


# ---------------------------------------------------------------------------------------------
# Organisations of the community


@dataclass(frozen=True)
class OrganisationDetails:
    name: str
    kind: str
    registration_number: str = ""
    leader: str = ""
    contact: str = ""
    founded: date | None = None
    members_count: int | None = None
    collective_member_id: int | None = None
    federated_organisation_id: int | None = None


def load_organisation(organisation_id, field: str = "organisationId") -> CommunityOrganisation:
    organisation = row_by_id(CommunityOrganisation, local_id(organisation_id))
    if organisation is None:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.ORGANISATION_NOT_FOUND, _("No such organisation."), field=field
        )
    return organisation


def checked_details(details: OrganisationDetails, *, organisation_id: int | None = None) -> dict:
    """The fields to write, checked; raises before anything is written."""
    fields: dict[str, Any] = {
        "name": details.name.strip(),
        "kind": CommunityOrganisation.Kind(details.kind),
        "registration_number": details.registration_number.strip(),
        "leader": details.leader.strip(),
        "contact": details.contact.strip(),
        "founded": details.founded,
        "members_count": details.members_count,
    }
    if not fields["name"]:
        raise NeighbourhoodError(NeighbourhoodErrorCode.NAME_REQUIRED, _("Give a name."), field="name")
    check_model_texts(
        CommunityOrganisation,
        name=fields["name"],
        registration_number=fields["registration_number"],
        leader=fields["leader"],
        contact=fields["contact"],
    )
    # organisation_id is None for a new organisation: Django reads `id=None` as IS NULL, which excludes
    # nothing; the stubs do not allow None in a lookup, hence the ignores here and below.
    if CommunityOrganisation.objects.filter(name=fields["name"]).exclude(id=organisation_id).exists():  # type: ignore[misc]
        raise NeighbourhoodError(NeighbourhoodErrorCode.NAME_TAKEN, _("This name is taken."), field="name")
    if details.founded is not None and details.founded > timezone.localdate():
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.FOUNDED_IN_FUTURE,
            _("It cannot be founded in the future."),
            field="founded",
        )
    if details.members_count is not None and (
        isinstance(details.members_count, bool) or not 0 <= details.members_count <= 1_000_000
    ):
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.MEMBERS_COUNT_INVALID,
            _("Members are 0 to 1,000,000."),
            field="membersCount",
        )
    fields["collective_member"] = None
    if details.collective_member_id is not None:
        member = row_by_id(Member, local_id(details.collective_member_id))
        if member is None or member.kind != Member.Kind.COLLECTIVE:
            raise NeighbourhoodError(
                NeighbourhoodErrorCode.COLLECTIVE_MEMBER_INVALID,
                _("Choose a collective member of this community."),
                field="collectiveMemberId",
            )
        taken = CommunityOrganisation.objects.filter(collective_member=member).exclude(id=organisation_id)  # type: ignore[misc]
        if taken.exists():
            raise NeighbourhoodError(
                NeighbourhoodErrorCode.COLLECTIVE_MEMBER_TAKEN,
                _("This collective member stands for another organisation."),
                field="collectiveMemberId",
            )
        fields["collective_member"] = member
    fields["federated_organisation_id"] = None
    if details.federated_organisation_id is not None:
        card = federated_organisation_card(
            community_schema=current_schema_name(),
            organisation_id=local_id(details.federated_organisation_id),
        )
        if card is None:
            raise NeighbourhoodError(
                NeighbourhoodErrorCode.FEDERATED_ORGANISATION_NOT_FOUND,
                _("No such organisation in the federation of this street office."),
                field="federatedOrganisationId",
            )
        fields["federated_organisation_id"] = card.id
    return fields


@transaction.atomic
def do_register_community_organisation(
    *, actor: Member, details: OrganisationDetails
) -> CommunityOrganisation:
    require_permission(actor, CommunityPermission.MANAGE_NEIGHBOURHOOD)
    organisation = CommunityOrganisation.objects.create(registered_by=actor, **checked_details(details))
    record_audit(
        actor=actor, action=Action.ORGANISATION_REGISTERED, subject=organisation, after=snapshot(organisation)
    )
    return organisation


@transaction.atomic
def do_edit_community_organisation(
    *, actor: Member, organisation_id, details: OrganisationDetails
) -> CommunityOrganisation:
    require_permission(actor, CommunityPermission.MANAGE_NEIGHBOURHOOD)
    organisation = load_organisation(organisation_id)
    before = snapshot(organisation)
    fields = checked_details(details, organisation_id=organisation.id)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.save(update_fields=list(fields))
    record_audit(
        actor=actor,
        action=Action.ORGANISATION_EDITED,
        subject=organisation,
        before=before,
        after=snapshot(organisation),
    )
    return organisation


@transaction.atomic
def do_dissolve_community_organisation(*, actor: Member, organisation_id, on: date) -> CommunityOrganisation:
    require_permission(actor, CommunityPermission.MANAGE_NEIGHBOURHOOD)
    organisation = load_organisation(organisation_id)
    if organisation.status == CommunityOrganisation.Status.DISSOLVED:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.ORGANISATION_DISSOLVED, _("This organisation is dissolved already.")
        )
    before = snapshot(organisation, ["status", "dissolved_on"])
    organisation.status, organisation.dissolved_on = CommunityOrganisation.Status.DISSOLVED, on
    organisation.save(update_fields=["status", "dissolved_on"])
    record_audit(
        actor=actor,
        action=Action.ORGANISATION_DISSOLVED,
        subject=organisation,
        before=before,
        after=snapshot(organisation, ["status", "dissolved_on"]),
    )
    return organisation


# The federation keeps a description as text without a bound; a page's few paragraphs are enough here.
FEDERATION_DESCRIPTION_MAX = 2000


@transaction.atomic
def do_register_organisation_in_federation(
    *, actor: Member, organisation_id: object, description: str = ""
) -> CommunityOrganisation:
    """A worker registers the community's organisation in the street office's federation in one step:
    a new federated organisation at home in this community, of the matching kind, linked back here. Both
    sides commit together or not at all; the federation's audit trail and the community's record it."""
    require_permission(actor, CommunityPermission.MANAGE_NEIGHBOURHOOD)
    require_permission(actor, CommunityPermission.REPRESENT_COMMUNITY)
    organisation = load_organisation(organisation_id, field="id")
    # Locked: two workers pressing the button at once make one federated organisation and one refusal.
    organisation = CommunityOrganisation.objects.select_for_update().get(id=organisation.id)
    if organisation.status == CommunityOrganisation.Status.DISSOLVED:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.ORGANISATION_DISSOLVED, _("This organisation is dissolved."), field="id"
        )
    if organisation.federated_organisation_id is not None:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.ALREADY_IN_FEDERATION,
            _("This organisation is in the federation already."),
            field="id",
        )
    description = description.strip()
    check_text(description, field="description", max_length=FEDERATION_DESCRIPTION_MAX)
    before = snapshot(organisation, ["federated_organisation_id"])
    try:
        card = register_in_federation(
            community_schema=current_schema_name(),
            registrant=Registrant(member_id=actor.id, display_name=actor.display_name),
            name=organisation.name,
            kind=organisation.kind,
            description=description,
        )
    except NameTakenInFederation:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.NAME_TAKEN_IN_FEDERATION,
            _("The street office's federation has an organisation of this name already: link to it instead."),
            field="name",
        ) from None
    organisation.federated_organisation_id = card.id
    organisation.save(update_fields=["federated_organisation_id"])
    record_audit(
        actor=actor,
        action=Action.ORGANISATION_JOINED_FEDERATION,
        subject=organisation,
        before=before,
        after=snapshot(organisation, ["federated_organisation_id"]),
    )
    return organisation


# ---------------------------------------------------------------------------------------------
# Who a member is


@transaction.atomic
def do_set_member_standing(
    *,
    actor: Member,
    member_id,
    party: str = MemberStanding.Party.NONE,
    reported_in_on: date | None = None,
    employer_id=None,
    collective_kind: str = "",
) -> MemberStanding:
    require_permission(actor, CommunityPermission.MANAGE_NEIGHBOURHOOD)
    member = load_active_member(local_id(member_id), field="memberId")
    party = MemberStanding.Party(party)
    if (party == MemberStanding.Party.IN_SERVICE) != (reported_in_on is not None):
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.REPORTED_IN_WITHOUT_PARTY,
            _("Only an in-service party member reports in, and they have a date of reporting in."),
            field="reportedInOn",
        )
    employer = None
    if employer_id is not None:
        employer = load_organisation(employer_id, field="employerId")
        if employer.kind != CommunityOrganisation.Kind.RESIDENT_UNIT or member.kind != Member.Kind.INDIVIDUAL:
            raise NeighbourhoodError(
                NeighbourhoodErrorCode.EMPLOYER_INVALID,
                _("An employer is a resident unit, and only residents have one."),
                field="employerId",
            )
    collective_kind = MemberStanding.CollectiveKind(collective_kind)
    if bool(collective_kind) != (member.kind == Member.Kind.COLLECTIVE):
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.COLLECTIVE_KIND_INVALID,
            _("A collective member has a kind; a resident has none."),
            field="collectiveKind",
        )
    fields = ["party", "reported_in_on", "employer", "collective_kind"]
    before = snapshot(MemberStanding.objects.filter(member=member).first(), fields)
    standing, _created = MemberStanding.objects.update_or_create(
        member=member,
        defaults={
            "party": party,
            "reported_in_on": reported_in_on,
            "employer": employer,
            "collective_kind": collective_kind,
        },
    )
    record_audit(
        actor=actor,
        action=Action.MEMBER_STANDING_SET,
        subject=member,
        before=before,
        after=snapshot(standing, fields),
    )
    return standing


def in_service_minutes(member_ids: list[int]) -> dict[int, int]:
    """The served minutes of in-service party members since they reported in: their own tally, which
    their workplace's branch asks for (在职党员报到). Reversed services are left out, as in `stats`. A day is
    the community's (the connection counts in UTC, eight hours behind Beijing)."""
    if not member_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT s.member_id,
                 coalesce((SELECT sum(e.minutes) FROM timebank_exchange e
                           WHERE e.provider_id = s.member_id AND e.state = 'confirmed'
                             AND (e.confirmed_at AT TIME ZONE %(zone)s)::date >= s.reported_in_on
                             AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.reverses_id = e.transfer_id)), 0)
               + coalesce((SELECT sum(a.minutes) FROM activities_activityaward a
                           WHERE a.member_id = s.member_id AND (a.awarded_at AT TIME ZONE %(zone)s)::date >= s.reported_in_on
                             AND NOT EXISTS (SELECT 1 FROM ledger_transfer r WHERE r.reverses_id = a.transfer_id)), 0)
               FROM neighbourhood_memberstanding s
               WHERE s.party = 'in_service' AND s.member_id = ANY(%(members)s)""",
            {"members": list(member_ids), "zone": timezone.get_current_timezone_name()},
        )
        return dict(cursor.fetchall())


@dataclass(frozen=True)
class MemberFigures:
    """Active members by category, for `stats`."""

    party_members: int  # in-service party members included
    in_service_party_members: int
    in_service_party_minutes: int
    building_heads: int
    buildings_covered: int
    workers: int
    coordinators: int
    with_employer: int
    collective_by_kind: dict[str, int]


def member_figures() -> MemberFigures:
    active = Member.objects.filter(status=Member.Status.ACTIVE)
    standings = MemberStanding.objects.filter(member__status=Member.Status.ACTIVE)
    party = standings.aggregate(
        members=Count("id", filter=~Q(party=MemberStanding.Party.NONE)),
        in_service=Count("id", filter=Q(party=MemberStanding.Party.IN_SERVICE)),
        with_employer=Count("id", filter=Q(employer__isnull=False)),
    )
    in_service_ids = list(
        standings.filter(party=MemberStanding.Party.IN_SERVICE).values_list("member_id", flat=True)
    )
    current_terms = BuildingHead.objects.filter(until__isnull=True, member__status=Member.Status.ACTIVE)
    roles = dict(active.values_list("role").annotate(n=Count("id")))
    by_kind = dict(
        active.filter(kind=Member.Kind.COLLECTIVE)
        .values_list("standing__collective_kind")
        .annotate(n=Count("id"))
    )
    collective = {kind or "": 0 for kind in MemberStanding.CollectiveKind.values}
    for kind, n in by_kind.items():
        collective[kind or ""] = collective.get(kind or "", 0) + n
    return MemberFigures(
        party_members=party["members"],
        in_service_party_members=party["in_service"],
        in_service_party_minutes=sum(in_service_minutes(in_service_ids).values()),
        building_heads=current_terms.values("member").distinct().count(),
        buildings_covered=Building.objects.filter(heads__in=current_terms).distinct().count(),
        workers=roles.get(Member.Role.WORKER, 0) + roles.get(Member.Role.ADMIN, 0),
        coordinators=roles.get(Member.Role.COORDINATOR, 0),
        with_employer=party["with_employer"],
        collective_by_kind=collective,
    )


# ---------------------------------------------------------------------------------------------
# Appointments (issue 13: roles used to be set by hand in the database)


class AssignableRole:
    RESIDENT = "resident"
    COORDINATOR = "coordinator"
    WORKER = "worker"
    BUILDING_HEAD = "building_head"
    ALL = (RESIDENT, COORDINATOR, WORKER, BUILDING_HEAD)


def current_term(member: Member) -> BuildingHead | None:
    return BuildingHead.objects.filter(member=member, until__isnull=True).first()


@transaction.atomic
def do_assign_role(
    *,
    actor: Member,
    member_id,
    role: str,
    remove: bool = False,
    building_ids: list | None = None,
    association_id=None,
) -> Member:
    """The admin appoints a member coordinator, worker or building head, or removes them. Building heads
    keep their role (a resident heads buildings); appointing a head again changes the buildings covered.
    Every change is recorded in the community's audit trail in the same transaction."""
    require_permission(actor, CommunityPermission.ASSIGN_ROLES)
    if role not in AssignableRole.ALL:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.ROLE_NOT_ASSIGNABLE, _("This role cannot be assigned."), field="role"
        )
    member = load_active_member(local_id(member_id), field="memberId")
    if member.id == actor.id:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.CANNOT_CHANGE_OWN_ROLE, _("Another admin must change your role.")
        )
    if member.role == Member.Role.ADMIN or (
        member.kind == Member.Kind.COLLECTIVE and role != AssignableRole.RESIDENT
    ):
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.ROLE_NOT_ASSIGNABLE,
            _("An admin or a collective member cannot take this role."),
            field="role",
        )
    if role == AssignableRole.BUILDING_HEAD:
        return assign_building_head(
            actor=actor,
            member=member,
            remove=remove,
            building_ids=building_ids,
            association_id=association_id,
        )
    before = member.role
    if remove:
        if role == AssignableRole.RESIDENT or member.role != role:
            raise NeighbourhoodError(
                NeighbourhoodErrorCode.ROLE_UNCHANGED, _("The member does not have this role."), field="role"
            )
        after: str = Member.Role.RESIDENT
    else:
        if member.role == role:
            raise NeighbourhoodError(
                NeighbourhoodErrorCode.ROLE_UNCHANGED, _("The member has this role already."), field="role"
            )
        after = role
    Member.objects.filter(id=member.id).update(role=after)
    member.role = after
    record_audit(
        actor=actor,
        action=Action.ROLE_REMOVED if remove else Action.ROLE_APPOINTED,
        subject=member,
        before={"role": before},
        after={"role": after, "appointed_as": role, "buildings": []},
    )
    return member


def assign_building_head(*, actor, member, remove, building_ids, association_id) -> Member:
    term = current_term(member)
    if remove:
        if term is None:
            raise NeighbourhoodError(
                NeighbourhoodErrorCode.NOT_A_BUILDING_HEAD,
                _("This member is not a building head."),
                field="role",
            )
        covered = sorted(term.buildings.values_list("id", flat=True))
        term.until = timezone.localdate()
        term.save(update_fields=["until"])
        record_audit(
            actor=actor,
            action=Action.ROLE_REMOVED,
            subject=member,
            before={"role": AssignableRole.BUILDING_HEAD},
            after={"role": member.role, "appointed_as": AssignableRole.BUILDING_HEAD, "buildings": covered},
        )
        return member
    ids = sorted({local_id(b) for b in building_ids or []})
    if not ids:
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.BUILDINGS_REQUIRED, _("Name the buildings covered."), field="buildingIds"
        )
    buildings = list(Building.objects.filter(id__in=ids))
    if len(buildings) != len(ids):
        raise NeighbourhoodError(
            NeighbourhoodErrorCode.BUILDING_NOT_FOUND, _("No such building."), field="buildingIds"
        )
    association = None if association_id is None else load_organisation(association_id, field="associationId")
    before = "" if term is None else AssignableRole.BUILDING_HEAD
    if term is not None:
        # A change of buildings closes the term and opens another: "since when" stays true for each set.
        term.until = timezone.localdate()
        term.save(update_fields=["until"])
        association = association or term.association
    new_term = BuildingHead.objects.create(member=member, since=timezone.localdate(), association=association)
    new_term.buildings.set(buildings)
    record_audit(
        actor=actor,
        action=Action.ROLE_APPOINTED,
        subject=member,
        before={"role": before or member.role, "buildings": []},
        after={
            "role": AssignableRole.BUILDING_HEAD,
            "appointed_as": AssignableRole.BUILDING_HEAD,
            "buildings": ids,
        },
    )
    return member
