"""Registering and verifying organisations (STYLE.md 2)."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.ids import local_id
from sharepool.core.text import check_model_texts, check_text
from sharepool.platform.communities.models import Community, StreetOffice
from sharepool.platform.federation.access import (
    access_organisation_to_manage,
    not_allowed,
    not_found,
)
from sharepool.platform.federation.actors import ActorKind, FederationActor
from sharepool.platform.federation.audit import Action, audit_for_organisation
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import FederatedOrganisation, OrganisationContact
from sharepool.platform.federation.permissions import FederationPermission, federation_allows

MAX_CONTACTS = 5
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 -]{4,18}$")


@dataclass(frozen=True)
class ContactInput:
    name: str
    role: str = ""
    phone: str = ""
    email: str = ""


def check_contacts(contacts: list[ContactInput]) -> None:
    if len(contacts) > MAX_CONTACTS:
        raise FederationError(
            FederationErrorCode.CONTACT_INVALID,
            _("At most %(n)d contacts.") % {"n": MAX_CONTACTS},
            field="contacts",
        )
    for contact in contacts:
        if not contact.name.strip():
            raise FederationError(
                FederationErrorCode.CONTACT_INVALID, _("A contact needs a name."), field="contacts"
            )
        for name in ("name", "role", "phone", "email"):
            value = getattr(contact, name, None)
            # Each of these is a column (a relation would have no max_length), as in check_model_texts().
            max_length = getattr(OrganisationContact._meta.get_field(name), "max_length", None)
            check_text(value.strip() if value else value, field="contacts", max_length=max_length)
        if contact.phone and not PHONE_PATTERN.match(contact.phone.strip()):
            raise FederationError(
                FederationErrorCode.CONTACT_INVALID, _("This phone number is not valid."), field="contacts"
            )
        if contact.email:
            try:
                validate_email(contact.email.strip())
            except ValidationError:
                raise FederationError(
                    FederationErrorCode.CONTACT_INVALID,
                    _("This email address is not valid."),
                    field="contacts",
                ) from None


def home_for_registration(
    actor: FederationActor, home_community_id, street_office_id
) -> tuple[StreetOffice, Community | None]:
    """Where the new organisation belongs, limited to what the registering actor manages."""
    if actor.kind == ActorKind.COMMUNITY_WORKER:
        own = Community.objects.select_related("street_office").get(id=actor.community_id)
        return own.street_office, own
    if not federation_allows(actor, FederationPermission.REGISTER_ORGANISATIONS):
        raise not_allowed()
    if home_community_id is not None:
        communities = Community.objects.select_related("street_office")
        if actor.kind == ActorKind.STREET_OFFICE:
            communities = communities.filter(street_office_id=actor.street_office_id)
        community = communities.filter(id=local_id(home_community_id)).first()
        if community is None:
            raise not_found(FederationErrorCode.COMMUNITY_NOT_FOUND, "homeCommunityId")
        return community.street_office, community
    if actor.kind == ActorKind.STREET_OFFICE:
        street_office_id = actor.street_office_id
    office = StreetOffice.objects.filter(id=local_id(street_office_id)).first()
    if office is None:
        raise FederationError(
            FederationErrorCode.STREET_OFFICE_NOT_FOUND, _("No such street office."), field="streetOfficeId"
        )
    return office, None


@transaction.atomic
def do_register_organisation(
    *,
    actor: FederationActor,
    name: str,
    kind: str,
    home_community_id=None,
    street_office_id=None,
    description: str = "",
    contacts: list[ContactInput] | None = None,
) -> FederatedOrganisation:
    """Community workers register their community's organisations; street offices and operators any."""
    name = name.strip()
    contacts = contacts or []
    if not name:
        raise FederationError(
            FederationErrorCode.NAME_REQUIRED, _("An organisation needs a name."), field="name"
        )
    if kind not in FederatedOrganisation.Kind.values:
        raise FederationError(
            FederationErrorCode.KIND_INVALID, _("Unknown kind of organisation."), field="kind"
        )
    check_model_texts(FederatedOrganisation, name=name, description=description)
    check_contacts(contacts)
    office, community = home_for_registration(actor, home_community_id, street_office_id)
    if FederatedOrganisation.objects.filter(street_office=office, name=name).exists():
        raise name_taken()
    try:
        with transaction.atomic():
            organisation = FederatedOrganisation.objects.create(
                name=name, kind=kind, street_office=office, home_community=community, description=description
            )
    except IntegrityError:
        raise name_taken() from None  # a concurrent registration of the same name won
    OrganisationContact.objects.bulk_create(
        OrganisationContact(
            organisation=organisation,
            name=contact.name.strip(),
            role=contact.role.strip(),
            phone=contact.phone.strip(),
            email=contact.email.strip(),
        )
        for contact in contacts
    )
    audit_for_organisation(actor, Action.ORGANISATION_REGISTERED, organisation, organisation)
    return organisation


def name_taken() -> FederationError:
    return FederationError(
        FederationErrorCode.NAME_TAKEN,
        _("An organisation with this name is already registered with this street office."),
        field="name",
    )


@transaction.atomic
def do_verify_organisation(*, actor: FederationActor, organisation_id) -> FederatedOrganisation:
    """The flag is set by the organisation's community or street office, never by the organisation itself."""
    if not federation_allows(actor, FederationPermission.VERIFY_ORGANISATIONS):
        raise not_allowed()
    organisation = access_organisation_to_manage(actor, organisation_id, for_update=True)
    if not organisation.verified:
        organisation.verified = True
        organisation.verified_at = timezone.now()
        organisation.save(update_fields=["verified", "verified_at"])
        audit_for_organisation(
            actor,
            Action.ORGANISATION_VERIFIED,
            organisation,
            organisation,
            before={"verified": False},
            after={"verified": True},
        )
    return organisation
