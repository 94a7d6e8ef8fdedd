"""Publishing and withdrawing resources (资源库) and demands (需求库) (STYLE.md 2)."""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sharepool.core.ids import local_id
from sharepool.core.text import check_model_texts, check_text
from sharepool.platform.federation.access import (
    access_demand_to_manage,
    access_resource_to_manage,
    acting_organisation,
    member_alliance_ids,
    not_found,
)
from sharepool.platform.federation.actors import FederationActor
from sharepool.platform.federation.audit import Action, audit_for_organisation
from sharepool.platform.federation.errors import FederationError, FederationErrorCode
from sharepool.platform.federation.models import (
    Category,
    Demand,
    FederatedOrganisation,
    Resource,
    Visibility,
)
from sharepool.platform.federation.visibility import visible

MAX_TAGS = 10
MAX_TAG_LENGTH = 30
MAX_WINDOWS = 12
MAX_AMOUNT = 1_000_000


@dataclass(frozen=True)
class Window:
    starts: date
    ends: date

    def as_json(self) -> dict:
        return {"starts": self.starts.isoformat(), "ends": self.ends.isoformat()}

    @classmethod
    def from_json(cls, data: dict) -> "Window":
        return cls(date.fromisoformat(data["starts"]), date.fromisoformat(data["ends"]))


@dataclass(frozen=True)
class ListingInput:
    title: str
    category: str
    visibility: str
    tags: tuple[str, ...] = ()
    description: str = ""
    windows: tuple[Window, ...] = ()
    alliance_ids: tuple[int, ...] = ()


def normalise_tags(tags) -> list[str]:
    cleaned: list[str] = []
    for tag in tags:
        tag = tag.strip().lower()
        if tag and tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS or any(len(tag) > MAX_TAG_LENGTH for tag in cleaned):
        raise FederationError(
            FederationErrorCode.TAGS_INVALID,
            _("At most %(n)d tags of at most %(m)d characters.") % {"n": MAX_TAGS, "m": MAX_TAG_LENGTH},
            field="tags",
        )
    return cleaned


def check_windows(windows) -> list[dict]:
    if len(windows) > MAX_WINDOWS:
        raise FederationError(
            FederationErrorCode.WINDOW_INVALID,
            _("At most %(n)d availability windows.") % {"n": MAX_WINDOWS},
            field="windows",
        )
    for window in windows:
        if window.ends < window.starts:
            raise FederationError(
                FederationErrorCode.WINDOW_INVALID,
                _("A window must end on or after its start."),
                field="windows",
            )
    return [window.as_json() for window in sorted(windows, key=lambda w: (w.starts, w.ends))]


def check_amount(amount: int, field: str) -> None:
    if not (1 <= amount <= MAX_AMOUNT):
        raise FederationError(
            FederationErrorCode.AMOUNT_INVALID,
            _("Give a whole number between 1 and %(n)d.") % {"n": MAX_AMOUNT},
            field=field,
        )


def check_publication(organisation: FederatedOrganisation, visibility: str, alliance_ids) -> list[int]:
    """The alliances to publish to; the organisation must be a member of each (else: not found)."""
    if visibility not in Visibility.values:
        raise FederationError(
            FederationErrorCode.VISIBILITY_INVALID, _("Unknown visibility."), field="visibility"
        )
    wanted = [local_id(alliance_id) for alliance_id in alliance_ids]
    if visibility != Visibility.ALLIANCE:
        if wanted:
            raise FederationError(
                FederationErrorCode.VISIBILITY_INVALID,
                _("Choose alliances only with the alliance visibility."),
                field="allianceIds",
            )
        if visibility == Visibility.COMMUNITY and organisation.home_community_id is None:
            raise FederationError(
                FederationErrorCode.NO_HOME_COMMUNITY,
                _("An organisation without a home community cannot publish to a community."),
                field="visibility",
            )
        return []
    if not wanted:
        raise FederationError(
            FederationErrorCode.VISIBILITY_INVALID, _("Choose at least one alliance."), field="allianceIds"
        )
    allowed = member_alliance_ids(organisation.id)
    if any(alliance_id not in allowed for alliance_id in wanted):
        raise not_found(FederationErrorCode.ALLIANCE_NOT_FOUND, "allianceIds")
    return sorted(set(wanted))


def check_listing(organisation: FederatedOrganisation, listing: ListingInput) -> tuple[dict, list[int]]:
    title = listing.title.strip()
    if not title:
        raise FederationError(FederationErrorCode.TITLE_REQUIRED, _("Give it a title."), field="title")
    check_model_texts(Resource, title=title, description=listing.description.strip())
    for tag in listing.tags:
        check_text(tag, field="tags")
    if listing.category not in Category.values:
        raise FederationError(FederationErrorCode.CATEGORY_INVALID, _("Unknown category."), field="category")
    fields = {
        "organisation": organisation,
        "community_id": organisation.home_community_id,
        "title": title,
        "category": listing.category,
        "tags": normalise_tags(listing.tags),
        "description": listing.description.strip(),
        "windows": check_windows(listing.windows),
        "visibility": listing.visibility,
    }
    return fields, check_publication(organisation, listing.visibility, listing.alliance_ids)


@transaction.atomic
def do_publish_resource(
    *, actor: FederationActor, listing: ListingInput, capacity: int, organisation_id=None
) -> Resource:
    organisation = acting_organisation(actor, organisation_id)
    fields, alliance_ids = check_listing(organisation, listing)
    check_amount(capacity, "capacity")
    resource = Resource.objects.create(capacity=capacity, **fields)
    resource.alliances.set(alliance_ids)
    audit_for_organisation(actor, Action.RESOURCE_PUBLISHED, resource, organisation)
    return resource


@transaction.atomic
def do_publish_demand(
    *, actor: FederationActor, listing: ListingInput, quantity: int, organisation_id=None
) -> Demand:
    organisation = acting_organisation(actor, organisation_id)
    fields, alliance_ids = check_listing(organisation, listing)
    check_amount(quantity, "quantity")
    demand = Demand.objects.create(quantity=quantity, **fields)
    demand.alliances.set(alliance_ids)
    audit_for_organisation(actor, Action.DEMAND_PUBLISHED, demand, organisation)
    return demand


def already_withdrawn() -> FederationError:
    return FederationError(FederationErrorCode.ALREADY_WITHDRAWN, _("This was already withdrawn."))


@transaction.atomic
def do_withdraw_resource(*, actor: FederationActor, resource_id) -> Resource:
    """Projects already holding the resource keep it; nobody new sees or matches it."""
    resource = access_resource_to_manage(actor, resource_id)
    if resource.status == Resource.Status.WITHDRAWN:
        raise already_withdrawn()
    resource.status = Resource.Status.WITHDRAWN
    resource.withdrawn_at = timezone.now()
    resource.save(update_fields=["status", "withdrawn_at"])
    audit_for_organisation(
        actor, Action.RESOURCE_WITHDRAWN, resource, resource.organisation, after={"status": resource.status}
    )
    return resource


@transaction.atomic
def do_withdraw_demand(*, actor: FederationActor, demand_id) -> Demand:
    demand = access_demand_to_manage(actor, demand_id)
    if demand.status == Demand.Status.WITHDRAWN:
        raise already_withdrawn()
    if demand.status == Demand.Status.MET:
        raise FederationError(FederationErrorCode.DEMAND_CLOSED, _("This demand has been met."))
    demand.status = Demand.Status.WITHDRAWN
    demand.withdrawn_at = timezone.now()
    demand.save(update_fields=["status", "withdrawn_at"])
    audit_for_organisation(
        actor, Action.DEMAND_WITHDRAWN, demand, demand.organisation, after={"status": demand.status}
    )
    return demand


def resources_for(
    actor: FederationActor, *, category: str | None = None, include_closed: bool = False
) -> QuerySet:
    check_text(category, field="category")
    resources = visible(Resource.objects.all(), actor)
    if not include_closed:
        resources = resources.filter(status=Resource.Status.OPEN)
    if category:
        resources = resources.filter(category=category)
    return resources.order_by("-created", "-id")


def demands_for(
    actor: FederationActor, *, category: str | None = None, include_closed: bool = False
) -> QuerySet:
    check_text(category, field="category")
    demands = visible(Demand.objects.all(), actor)
    if not include_closed:
        demands = demands.filter(status=Demand.Status.OPEN)
    if category:
        demands = demands.filter(category=category)
    return demands.order_by("-created", "-id")
