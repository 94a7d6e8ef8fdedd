"""Public-schema models of the federation: organisations, alliances, resources, demands and projects.

A row here never holds a foreign key into a community schema (ARCHITECTURE.md, Federation): a resident
taking part in a project is named by (community, local member id).
"""

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sharepool.credentials.check_in_codes import new_check_in_code
from sharepool.platform.communities.models import Community, StreetOffice


class FederatedOrganisation(models.Model):
    class Kind(models.TextChoices):
        PARTY_COMMITTEE = "party_committee", _("community party committee")
        PARTY_BRANCH = "party_branch", _("party branch")
        RESIDENT_UNIT = "resident_unit", _("resident-unit organisation")
        SOCIAL_CO_GOVERNANCE = "social_co_governance", _("social organisation: co-governance")
        SOCIAL_SERVICE = "social_service", _("social organisation: service")
        SOCIAL_CULTURE_SPORTS = "social_culture_sports", _("social organisation: culture and sports")
        GOVERNMENT = "government", _("government department")
        SCHOOL = "school", _("school")
        COMPANY = "company", _("company")
        PROPERTY_MANAGEMENT = "property_management", _("property management")

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # Every organisation answers to a street office; district-level units (a traffic police brigade)
    # have no home community.
    street_office = models.ForeignKey(
        StreetOffice, on_delete=models.PROTECT, related_name="federated_organisations"
    )
    home_community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="federated_organisations"
    )
    description = models.TextField(_("description"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("federated organisation")
        verbose_name_plural = _("federated organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["street_office", "name"], name="organisation_name_unique_per_office"
            ),
            models.CheckConstraint(
                condition=Q(verified=False) | Q(verified_at__isnull=False),
                name="verified_organisation_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OrganisationContact(models.Model):
    organisation = models.ForeignKey(FederatedOrganisation, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=100)
    role = models.CharField(_("role"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name


class OrganisationToken(models.Model):
    """An API token of one organisation; only its SHA-256 is stored, the token is shown once."""

    organisation = models.ForeignKey(FederatedOrganisation, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("prefix"), max_length=16)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation token")
        verbose_name_plural = _("organisation tokens")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.organisation})"


class Alliance(models.Model):
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    # Convened by exactly one of: a community (through its party committee) or a street office.
    convener_community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="convened_alliances"
    )
    convener_street_office = models.ForeignKey(
        StreetOffice, on_delete=models.PROTECT, null=True, blank=True, related_name="convened_alliances"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        constraints = [
            models.CheckConstraint(
                condition=Q(convener_community__isnull=True) ^ Q(convener_street_office__isnull=True),
                name="alliance_has_one_convener",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def convening_street_office_id(self) -> int:
        """The street office the alliance belongs to: its convener, or its convening community's office."""
        if self.convener_street_office_id is not None:
            return self.convener_street_office_id
        if self.convener_community is None:  # alliance_has_one_convener rules this out
            raise ValueError(f"alliance {self.pk} has no convener")
        return self.convener_community.street_office_id


class AllianceMembership(models.Model):
    class Role(models.TextChoices):
        CONVENER = "convener", _("convener")
        MEMBER = "member", _("member")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        LEFT = "left", _("left")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        FederatedOrganisation, on_delete=models.CASCADE, related_name="alliance_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance membership")
        verbose_name_plural = _("alliance memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"],
                condition=Q(status="active"),
                name="one_active_membership",
            ),
            models.CheckConstraint(
                condition=Q(status="active", left_at__isnull=True) | Q(status="left", left_at__isnull=False),
                name="membership_left_has_date",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.organisation} @ {self.alliance}"


class AllianceInvitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACCEPTED = "accepted", _("accepted")

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="invitations")
    organisation = models.ForeignKey(
        FederatedOrganisation, on_delete=models.CASCADE, related_name="alliance_invitations"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)

    class Meta:
        verbose_name = _("alliance invitation")
        verbose_name_plural = _("alliance invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "organisation"],
                condition=Q(status="pending"),
                name="one_pending_invitation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.alliance}"


class Visibility(models.TextChoices):
    COMMUNITY = "community", _("its home community")
    ALLIANCE = "alliance", _("the chosen alliances")
    PLATFORM = "platform", _("everyone on the platform")


class Category(models.TextChoices):
    SAFETY_EDUCATION = "safety_education", _("safety education")
    VOLUNTEERING = "volunteering", _("volunteering")
    VENUE = "venue", _("venue")
    CARE = "care", _("care")
    EDUCATION = "education", _("education and tutoring")
    CULTURE_SPORTS = "culture_sports", _("culture and sports")
    HEALTH = "health", _("health")
    PROFESSIONAL = "professional", _("professional services")
    OTHER = "other", _("other")


class Published(models.Model):
    """What visibility rules apply to (visibility.py): a home community, a level and chosen alliances."""

    organisation = models.ForeignKey(FederatedOrganisation, on_delete=models.PROTECT, related_name="+")
    # The owner's home community when published (None for district-level units): the `community` level.
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    # Statuses nobody but the owner sees (a withdrawn listing is gone for everyone else).
    HIDDEN_STATUSES: tuple[str, ...] = ()

    class Meta:
        abstract = True


class Listing(Published):
    title = models.CharField(_("title"), max_length=100)
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    tags = ArrayField(models.CharField(max_length=30), default=list, blank=True, verbose_name=_("tags"))
    description = models.TextField(_("description"), blank=True)
    # [{"starts": "2026-07-01", "ends": "2026-08-31"}, ...]; empty means available at any time.
    windows = models.JSONField(_("availability windows"), default=list, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        abstract = True


class Resource(Listing):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        WITHDRAWN = "withdrawn", _("withdrawn")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    capacity = models.PositiveIntegerField(_("capacity"))
    # Held by proposed and active projects; kept on the row so matching reads capacity left without a join.
    capacity_committed = models.PositiveIntegerField(_("capacity committed"), default=0)
    alliances = models.ManyToManyField(Alliance, blank=True, related_name="resources")

    HIDDEN_STATUSES = (Status.WITHDRAWN,)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="resource_capacity_positive"),
            models.CheckConstraint(
                condition=Q(capacity_committed__lte=models.F("capacity")), name="resource_not_overcommitted"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "visibility", "category"]),
            GinIndex(fields=["tags"], name="resource_tags_gin"),
        ]

    def __str__(self) -> str:
        return self.title


class Demand(Listing):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MET = "met", _("met")
        WITHDRAWN = "withdrawn", _("withdrawn")

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    quantity = models.PositiveIntegerField(_("quantity"))
    met_at = models.DateTimeField(_("met"), null=True, blank=True)
    alliances = models.ManyToManyField(Alliance, blank=True, related_name="demands")

    HIDDEN_STATUSES = (Status.WITHDRAWN,)

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        constraints = [models.CheckConstraint(condition=Q(quantity__gte=1), name="demand_quantity_positive")]

    def __str__(self) -> str:
        return self.title


class Project(Published):
    """Links a demand with resources; `organisation` is the one that proposed it (the lead)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        ACTIVE = "active", _("active")
        COMPLETED = "completed", _("completed")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="projects")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    alliances = models.ManyToManyField(Alliance, blank=True, related_name="projects")
    # Annotated: the plugin cannot resolve a `through` model named before it is defined.
    organisations: "models.ManyToManyField[FederatedOrganisation, ProjectOrganisation]" = (
        models.ManyToManyField(FederatedOrganisation, through="ProjectOrganisation", related_name="projects")
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")

    def __str__(self) -> str:
        return self.title


class ProjectOrganisation(models.Model):
    """An organisation behind the project; it is active once every one of them has accepted."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead")
        DEMAND = "demand", _("demand owner")
        RESOURCE = "resource", _("resource provider")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="participants")
    organisation = models.ForeignKey(FederatedOrganisation, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)

    class Meta:
        verbose_name = _("project organisation")
        verbose_name_plural = _("project organisations")
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="one_participation_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} in {self.project}"


class ProjectResource(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="resource_links")
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="project_links")
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("project resource")
        verbose_name_plural = _("project resources")
        constraints = [
            models.UniqueConstraint(fields=["project", "resource"], name="resource_once_per_project"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="project_resource_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} × {self.quantity}"


class ProjectYearPlan(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="year_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    goals = models.TextField(_("goals"), blank=True)
    planned_activities = models.PositiveSmallIntegerField(_("planned activities"), default=0)
    target_people_served = models.PositiveIntegerField(_("target people served"), default=0)
    target_volunteer_minutes = models.PositiveIntegerField(_("target volunteer minutes"), default=0)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        constraints = [models.UniqueConstraint(fields=["project", "year"], name="one_plan_per_project_year")]

    def __str__(self) -> str:
        return f"{self.project} {self.year}"


class ProjectActivity(models.Model):
    """One of a project's monthly activities; residents of the alliance's communities sign up to it."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        AWARDED = "awarded", _("hours awarded")
        CANCELLED = "cancelled", _("cancelled")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("title"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    # The community whose time bank pays the hours (the host of the activity).
    host_community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    volunteer_slots = models.PositiveIntegerField(_("volunteer places"))
    award_minutes = models.PositiveIntegerField(_("minutes awarded per volunteer"), default=0)
    # Shown on the day by those who manage the activity; residents check themselves in with it.
    check_in_code = models.CharField(_("check-in code"), max_length=12, default=new_check_in_code)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("project activity")
        verbose_name_plural = _("project activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="project_activity_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(volunteer_slots__gte=1), name="project_activity_has_places"),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectActivitySignup(models.Model):
    """A resident's place in an activity, named by (community, local member id): no key into a schema.

    Only residents checked in are credited. Who checked them in is plain data too: the actor's kind,
    the project organisation a manager acted for, and a community-side person (a community worker, or
    the resident with the code) named by (community, local member id).
    """

    class CheckedInBy(models.TextChoices):
        # The values are ActorKind's (actors.py).
        OPERATOR = "operator", _("operator")
        STREET_OFFICE = "street_office", _("street office")
        ORGANISATION = "organisation", _("organisation")
        COMMUNITY_WORKER = "community_worker", _("community worker")
        RESIDENT = "resident", _("the resident, with the code")

    activity = models.ForeignKey(ProjectActivity, on_delete=models.CASCADE, related_name="signups")
    community = models.ForeignKey(Community, on_delete=models.PROTECT, related_name="+")
    member_id = models.PositiveBigIntegerField(_("member id in the community"))
    display_name = models.CharField(_("name"), max_length=100)
    created = models.DateTimeField(_("signed up"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by_kind = models.CharField(
        _("checked in by"), max_length=20, choices=CheckedInBy.choices, blank=True
    )
    checked_in_by_organisation = models.ForeignKey(
        FederatedOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_in_by_community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    checked_in_by_member_id = models.PositiveBigIntegerField(
        _("checked in by (member id in the community)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("activity sign-up")
        verbose_name_plural = _("activity sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "community", "member_id"], name="one_signup_per_resident"
            ),
            models.CheckConstraint(
                condition=Q(
                    checked_in_at__isnull=True,
                    checked_in_by_kind="",
                    checked_in_by_organisation__isnull=True,
                    checked_in_by_community__isnull=True,
                    checked_in_by_member_id__isnull=True,
                )
                | (
                    Q(checked_in_at__isnull=False)
                    & ~Q(checked_in_by_kind="")
                    & (Q(checked_in_by_organisation__isnull=False) | Q(checked_in_by_community__isnull=False))
                ),
                name="signup_check_in_names_who",
            ),
            models.CheckConstraint(
                condition=Q(checked_in_by_community__isnull=True, checked_in_by_member_id__isnull=True)
                | Q(checked_in_by_community__isnull=False, checked_in_by_member_id__isnull=False),
                name="signup_checked_in_by_member_has_community",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} → {self.activity}"


class ProjectOutcome(models.Model):
    """Append-only: each report adds to the project's totals."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    activity = models.ForeignKey(
        ProjectActivity, on_delete=models.PROTECT, null=True, blank=True, related_name="outcomes"
    )
    people_served = models.PositiveIntegerField(_("people served"))
    volunteer_minutes = models.PositiveIntegerField(_("volunteer minutes"))
    organisations = models.ManyToManyField(FederatedOrganisation, related_name="+", blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(FederatedOrganisation, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("recorded"), auto_now_add=True)
    # Written by the activity's award (issue 10): the volunteers' time, one row per activity, brought up to
    # date when it is awarded again; reports by the organisations are the other rows.
    from_award = models.BooleanField(_("from the award"), default=False)

    class Meta:
        verbose_name = _("project outcome")
        verbose_name_plural = _("project outcomes")
        constraints = [
            models.UniqueConstraint(
                fields=["activity"],
                condition=models.Q(from_award=True),
                name="one_award_outcome_per_activity",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.people_served}"


class AllianceMonthlyReport(models.Model):
    """An alliance's figures (as allianceStats shows them) kept for one month, written by beat (issue #6)."""

    alliance = models.ForeignKey(Alliance, on_delete=models.CASCADE, related_name="monthly_reports")
    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    # {"name": ..., "communities": [CommunityFigures as a dict, ...]}; the total is summed on reading.
    figures = models.JSONField(_("figures"))
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("alliance monthly report")
        verbose_name_plural = _("alliance monthly reports")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "month"], name="one_report_per_alliance_and_month"),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.alliance} {self.month:%Y-%m}"
