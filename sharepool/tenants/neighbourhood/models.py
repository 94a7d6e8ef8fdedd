"""Tenant-schema models of the neighbourhood (issue 13): estates and urban villages, their buildings and
building heads, the organisations of the community, and who a member is in it.

The reference community: 4 gated estates, 3 urban villages and a public-housing estate; in the urban
village 创业花园, 106 building heads cover 156 buildings (shared/seed/).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.members.models import Member


class Estate(models.Model):
    class Kind(models.TextChoices):
        GATED = "gated", _("gated estate")
        URBAN_VILLAGE = "urban_village", _("urban village")
        PUBLIC_HOUSING = "public_housing", _("public-housing estate")

    name = models.CharField(_("name"), max_length=50, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("estate")
        verbose_name_plural = _("estates")

    def __str__(self) -> str:
        return self.name


class Building(models.Model):
    estate = models.ForeignKey(
        Estate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="buildings",
        verbose_name=_("estate"),
    )
    name = models.CharField(_("name"), max_length=50)
    address = models.CharField(_("address"), max_length=200, blank=True)
    households = models.PositiveIntegerField(_("households"), null=True, blank=True)
    # A building made from a member's free text (the old Member.building, or a registration naming a
    # building nobody entered yet): kept so that no value is lost, until a community worker confirms it.
    to_confirm = models.BooleanField(_("to confirm"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        constraints = [
            models.UniqueConstraint(fields=["estate", "name"], name="building_name_unique_per_estate"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(estate__isnull=True), name="building_name_unique_without_estate"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CommunityOrganisation(models.Model):
    """An organisation of the community: social organisations of the seed's three kinds, party branches and
    resident units. Registered and edited by community workers, listed to residents."""

    class Kind(models.TextChoices):
        CO_GOVERNANCE = "co_governance", _("co-governance organisation")
        SERVICE = "service", _("service organisation")
        CULTURE_SPORTS = "culture_sports", _("culture and sports organisation")
        PARTY_BRANCH = "party_branch", _("party branch")
        RESIDENT_UNIT = "resident_unit", _("resident unit")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        DISSOLVED = "dissolved", _("dissolved")

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    registration_number = models.CharField(_("registration number"), max_length=50, blank=True)
    leader = models.CharField(_("leader"), max_length=50, blank=True)
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    founded = models.DateField(_("founded"), null=True, blank=True)
    members_count = models.PositiveIntegerField(_("members"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    # The organisation as a collective member of the time bank, when it joined.
    collective_member = models.OneToOneField(
        Member,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_organisation",
        verbose_name=_("collective member"),
    )
    # The platform's FederatedOrganisation (public schema) by id: a tenant row never holds a foreign key
    # into the public schema (ARCHITECTURE.md); read it through sharepool.platform.federation.gateway.
    federated_organisation_id = models.BigIntegerField(_("federated organisation"), null=True, blank=True)
    registered_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation of the community")
        verbose_name_plural = _("organisations of the community")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="active", dissolved_on__isnull=True)
                | Q(status="dissolved", dissolved_on__isnull=False),
                name="dissolved_organisation_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BuildingHead(models.Model):
    """A member appointed building head (楼长) for some buildings, from `since` until removed."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="building_head_terms")
    buildings = models.ManyToManyField(Building, related_name="heads", verbose_name=_("buildings covered"))
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    # The building heads association (楼长协会) is an organisation of the community; a head may belong to it.
    association = models.ForeignKey(
        CommunityOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="building_heads",
        verbose_name=_("association"),
    )

    class Meta:
        verbose_name = _("building head")
        verbose_name_plural = _("building heads")
        constraints = [
            models.UniqueConstraint(
                fields=["member"], condition=Q(until__isnull=True), name="one_current_term_per_building_head"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.since}"


class MemberStanding(models.Model):
    """Who a member is in the community, beside their role: party membership, employer or resident unit,
    and for a collective member what kind of body it is. No row: none of these."""

    class Party(models.TextChoices):
        NONE = "none", _("not a party member")
        MEMBER = "member", _("party member")
        # 在职党员报到: a party member whose branch is at their workplace reports in to the community
        # where they live and serves there; their service hours are tallied for them apart.
        IN_SERVICE = "in_service", _("in-service party member reporting in")

    class CollectiveKind(models.TextChoices):
        NONE = "", _("not a collective member")
        SOCIAL_ORGANISATION = "social_organisation", _("social organisation")
        PROPERTY_MANAGEMENT = "property_management", _("property management")
        BUSINESS = "business", _("business")

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="standing")
    party = models.CharField(_("party membership"), max_length=12, choices=Party.choices, default=Party.NONE)
    reported_in_on = models.DateField(_("reported in on"), null=True, blank=True)
    employer = models.ForeignKey(
        CommunityOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("employer or resident unit"),
    )
    collective_kind = models.CharField(
        _("kind of collective member"), max_length=20, choices=CollectiveKind.choices, blank=True
    )

    class Meta:
        verbose_name = _("member standing")
        verbose_name_plural = _("member standings")
        constraints = [
            models.CheckConstraint(
                condition=Q(party="in_service", reported_in_on__isnull=False)
                | (~Q(party="in_service") & Q(reported_in_on__isnull=True)),
                name="reported_in_only_in_service",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.party}"
