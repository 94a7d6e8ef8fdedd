from collections import defaultdict
from typing import ClassVar

from django.db import models

from sharepool.graphql.core.loaders import Loader, ModelByIdLoader
from sharepool.platform.communities.models import Community
from sharepool.platform.federation.models import (
    AllianceMembership,
    Demand,
    FederatedOrganisation,
    OrganisationContact,
    ProjectActivity,
    ProjectActivitySignup,
    ProjectOrganisation,
    ProjectOutcome,
    ProjectResource,
    ProjectYearPlan,
    Resource,
)


class OrganisationByIdLoader(ModelByIdLoader):
    model = FederatedOrganisation


class CommunityByIdLoader(ModelByIdLoader):
    model = Community


class GroupedLoader(Loader):
    """Rows of `model` grouped by `key` (a foreign key's attname), in `order`."""

    model: ClassVar[type[models.Model]]  # set by each subclass
    key = ""
    order: tuple[str, ...] = ("id",)

    def rows(self, keys):
        return self.model.objects.filter(**{f"{self.key}__in": keys}).order_by(*self.order)

    def batch_load(self, keys):
        grouped = defaultdict(list)
        for row in self.rows(keys):
            grouped[getattr(row, self.key)].append(row)
        return [grouped.get(key, []) for key in keys]


class AllianceMembershipsByAllianceIdLoader(GroupedLoader):
    model = AllianceMembership
    key = "alliance_id"

    def rows(self, keys):
        return super().rows(keys).filter(status=AllianceMembership.Status.ACTIVE)


class ContactsByOrganisationIdLoader(GroupedLoader):
    model = OrganisationContact
    key = "organisation_id"


class ProjectParticipantsByProjectIdLoader(GroupedLoader):
    model = ProjectOrganisation
    key = "project_id"


class ProjectResourcesByProjectIdLoader(GroupedLoader):
    model = ProjectResource
    key = "project_id"


class ProjectYearPlansByProjectIdLoader(GroupedLoader):
    model = ProjectYearPlan
    key = "project_id"
    order = ("year",)


class ProjectActivitiesByProjectIdLoader(GroupedLoader):
    model = ProjectActivity
    key = "project_id"
    order = ("starts_at", "id")


class ProjectOutcomesByProjectIdLoader(GroupedLoader):
    model = ProjectOutcome
    key = "project_id"

    def rows(self, keys):
        return super().rows(keys).prefetch_related("organisations")


class VisibleLoader(Loader):
    """Rows the request's actor may see (visibility.py), by id; None for the others."""

    model: ClassVar[type[Demand] | type[Resource]]  # set by each subclass

    def batch_load(self, keys):
        from sharepool.graphql.platform.federation.actors import federation_actor
        from sharepool.platform.federation.visibility import visible

        found = visible(self.model.objects.all(), federation_actor(self.context)).in_bulk(keys)
        return [found.get(key) for key in keys]


class VisibleDemandByIdLoader(VisibleLoader):
    model = Demand


class VisibleResourceByIdLoader(VisibleLoader):
    model = Resource


class ManagedSignupsByActivityIdLoader(Loader):
    """An activity's sign-ups, for those who may manage it (access.manageable_activities); None for
    everyone else, who may not see who signed up, nor the check-in code (types.py reads that here too)."""

    def batch_load(self, keys):
        from sharepool.graphql.platform.federation.actors import federation_actor
        from sharepool.platform.federation.access import manageable_activities

        managed = manageable_activities(federation_actor(self.context)).filter(id__in=keys)
        grouped = {activity_id: [] for activity_id in managed.values_list("id", flat=True)}
        signups = ProjectActivitySignup.objects.filter(activity_id__in=list(grouped)).order_by(
            "created", "id"
        )
        for signup in signups:
            grouped[signup.activity_id].append(signup)
        return [grouped.get(key) for key in keys]
