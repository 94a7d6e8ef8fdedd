"""The one rule of who sees what in the public schema (ARCHITECTURE.md, Federation; STYLE.md 6).

Every read of resources, demands, projects and project activities goes through `visible()`, on the
platform host and on community hosts alike; `access.py` builds the `access_<thing>` helpers on it.

- `platform`: everyone signed in;
- `community`: the home community it was published from (its organisations, its workers and residents,
  its street office);
- `alliance`: the alliances it was published to (their member organisations, and the communities those
  members come from);
- the owning organisation always sees its own rows, withdrawn ones included; nobody else sees a withdrawn one.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from sharepool.platform.federation.actors import ActorKind, FederationActor
from sharepool.platform.federation.models import (
    Alliance,
    AllianceMembership,
    Project,
    ProjectOrganisation,
    Visibility,
)


def alliances_of_community(community_id: int) -> QuerySet:
    """Alliances a community belongs to: it convened them, or one of its organisations is a member."""
    return Alliance.objects.filter(
        Q(convener_community_id=community_id)
        | Exists(
            AllianceMembership.objects.filter(
                alliance=OuterRef("pk"),
                status=AllianceMembership.Status.ACTIVE,
                organisation__home_community_id=community_id,
            )
        )
    )


def alliances_of_street_office(street_office_id: int) -> QuerySet:
    return Alliance.objects.filter(
        Q(convener_street_office_id=street_office_id)
        | Q(convener_community__street_office_id=street_office_id)
        | Exists(
            AllianceMembership.objects.filter(
                alliance=OuterRef("pk"),
                status=AllianceMembership.Status.ACTIVE,
                organisation__street_office_id=street_office_id,
            )
        )
    )


def alliance_ids_of(actor: FederationActor) -> list[int] | None:
    """The alliances whose `alliance`-level rows the actor reads; None means all (operators)."""
    if actor.kind == ActorKind.OPERATOR:
        return None
    if actor.kind == ActorKind.ORGANISATION:
        return list(
            AllianceMembership.objects.filter(
                organisation_id=actor.organisation_id, status=AllianceMembership.Status.ACTIVE
            ).values_list("alliance_id", flat=True)
        )
    if actor.kind == ActorKind.STREET_OFFICE:
        return list(alliances_of_street_office(actor.street_office_id).values_list("id", flat=True))
    return list(alliances_of_community(actor.community_id).values_list("id", flat=True))


def published_to(model, alliance_ids: list[int]) -> Exists:
    through = model.alliances.through
    return Exists(
        through.objects.filter(**{model._meta.model_name: OuterRef("pk")}, alliance_id__in=alliance_ids)
    )


def visible(queryset: QuerySet, actor: FederationActor, *, alliance_ids: list[int] | None = None) -> QuerySet:
    """The rows of `queryset` (Resource, Demand or Project) that `actor` may see.

    `alliance_ids` lets a caller that already holds `alliance_ids_of(actor)` save the query.
    """
    if actor.kind == ActorKind.OPERATOR:
        return queryset
    model = queryset.model
    seen = Q(visibility=Visibility.PLATFORM)
    if actor.kind == ActorKind.STREET_OFFICE:
        seen |= Q(visibility=Visibility.COMMUNITY, community__street_office_id=actor.street_office_id)
    elif actor.community_id is not None:
        seen |= Q(visibility=Visibility.COMMUNITY, community_id=actor.community_id)
    if alliance_ids is None:
        alliance_ids = alliance_ids_of(actor)
    if alliance_ids:
        seen |= Q(visibility=Visibility.ALLIANCE) & Q(published_to(model, alliance_ids))
    if model.HIDDEN_STATUSES:
        seen &= ~Q(status__in=model.HIDDEN_STATUSES)
    if actor.organisation_id is not None:
        seen |= Q(organisation_id=actor.organisation_id)
        if model is Project:
            seen |= Q(
                Exists(
                    ProjectOrganisation.objects.filter(
                        project=OuterRef("pk"), organisation_id=actor.organisation_id
                    )
                )
            )
    return queryset.filter(seen)
