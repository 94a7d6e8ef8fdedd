"""Alliances (党组织联席会): convening, inviting, accepting, leaving (STYLE.md 2)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.text import check_model_texts
from sharepool.platform.federation.access import (
    access_alliance,
    access_alliance_to_convene,
    access_invitation_to_answer,
    access_organisation,
    access_organisation_to_manage,
    acting_organisation,
    not_allowed,
)
from sharepool.platform.federation.actors import ActorKind, FederationActor, organisation_actor
from sharepool.platform.federation.audit import Action, audit_alliance, audit_for_organisation
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import (
    Alliance,
    AllianceInvitation,
    AllianceMembership,
    Demand,
    FederatedOrganisation,
    Resource,
)
from sharepool.platform.federation.permissions import FederationPermission, federation_allows


@transaction.atomic
def do_create_alliance(
    *, actor: FederationActor, name: str, description: str = "", convener_organisation_id=None
) -> Alliance:
    """An organisation convenes for its home community; a street office or community worker for theirs."""
    name = name.strip()
    if not name:
        raise FederationError(FederationErrorCode.NAME_REQUIRED, _("An alliance needs a name."), field="name")
    if not federation_allows(actor, FederationPermission.CONVENE_ALLIANCES):
        raise not_allowed()
    # Found by the bad-input walk once community workers could call this (issue 11): NUL or over-long text
    # was a 500.
    check_model_texts(Alliance, name=name, description=description)
    convener: FederatedOrganisation | None = None
    if actor.kind == ActorKind.ORGANISATION:
        convener = acting_organisation(actor)
        if convener.home_community_id is None:
            raise FederationError(
                FederationErrorCode.NO_HOME_COMMUNITY,
                _("Only an organisation of a community convenes an alliance for it."),
            )
        alliance = Alliance(convener_community_id=convener.home_community_id)
    elif actor.kind == ActorKind.STREET_OFFICE:
        alliance = Alliance(convener_street_office_id=actor.street_office_id)
    elif actor.kind == ActorKind.COMMUNITY_WORKER:
        alliance = Alliance(convener_community_id=actor.community_id)
    if convener is None and convener_organisation_id is not None:
        convener = access_organisation_to_manage(actor, convener_organisation_id)
    alliance.name = name
    alliance.description = description
    alliance.save()
    if convener is not None:
        AllianceMembership.objects.create(
            alliance=alliance, organisation=convener, role=AllianceMembership.Role.CONVENER
        )
    audit_alliance(
        actor, Action.ALLIANCE_CREATED, alliance, convener_organisation_id=getattr(convener, "id", None)
    )
    return alliance


@transaction.atomic
def do_invite_to_alliance(*, actor: FederationActor, alliance_id, organisation_id) -> AllianceInvitation:
    """Idempotent: inviting an organisation that already holds an invitation returns that invitation."""
    alliance = access_alliance_to_convene(actor, alliance_id)
    Alliance.objects.select_for_update().get(id=alliance.id)  # one invitation per organisation at a time
    organisation = access_organisation(actor, organisation_id)
    if AllianceMembership.objects.filter(
        alliance=alliance, organisation=organisation, status=AllianceMembership.Status.ACTIVE
    ).exists():
        raise FederationError(
            FederationErrorCode.ALREADY_MEMBER,
            _("This organisation is already a member of the alliance."),
            field="organisationId",
        )
    invitation, created = AllianceInvitation.objects.get_or_create(
        alliance=alliance, organisation=organisation, status=AllianceInvitation.Status.PENDING
    )
    if created:
        audit_alliance(actor, Action.ALLIANCE_INVITATION_SENT, alliance, organisation_id=organisation.id)
    return invitation


@transaction.atomic
def do_accept_alliance_invitation(*, actor: FederationActor, invitation_id) -> AllianceMembership:
    invitation = access_invitation_to_answer(actor, invitation_id)
    invitation.status = AllianceInvitation.Status.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    membership = AllianceMembership.objects.create(
        alliance_id=invitation.alliance_id,
        organisation_id=invitation.organisation_id,
        role=AllianceMembership.Role.MEMBER,
    )
    audit_for_organisation(actor, Action.ALLIANCE_INVITATION_ACCEPTED, membership, invitation.organisation)
    return membership


@transaction.atomic
def do_leave_alliance(*, actor: FederationActor, alliance_id, organisation_id=None) -> AllianceMembership:
    """The organisation's resources and demands stop being published to the alliance it leaves."""
    organisation = acting_organisation(actor, organisation_id)
    alliance = access_alliance(organisation_actor(organisation), alliance_id)
    # Lock the alliance's memberships: two conveners leaving at once must not leave it without one.
    memberships = list(
        AllianceMembership.objects.select_for_update()
        .filter(alliance=alliance, status=AllianceMembership.Status.ACTIVE)
        .order_by("id")
    )
    mine = next((m for m in memberships if m.organisation_id == organisation.id), None)
    if mine is None:
        raise FederationError(
            FederationErrorCode.NOT_A_MEMBER, _("This organisation is not a member of the alliance.")
        )
    others = [m for m in memberships if m is not mine]
    conveners_left = [m for m in others if m.role == AllianceMembership.Role.CONVENER]
    # An alliance convened by an organisation alone needs one while it has members; a street office or
    # community convening through its own seat stays the convener anyway.
    if mine.role == AllianceMembership.Role.CONVENER and others and not conveners_left:
        raise FederationError(
            FederationErrorCode.LAST_CONVENER,
            _("The last convener cannot leave while other members remain."),
        )
    mine.status = AllianceMembership.Status.LEFT
    mine.left_at = timezone.now()
    mine.save(update_fields=["status", "left_at"])
    audit_for_organisation(actor, Action.ALLIANCE_LEFT, mine, organisation)
    for model in (Resource, Demand):
        model.alliances.through.objects.filter(
            alliance_id=alliance.id, **{f"{model._meta.model_name}__organisation_id": organisation.id}
        ).delete()
    return mine
