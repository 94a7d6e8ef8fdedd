"""Tenant-schema models: the community's members and its settings."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from sharepool.credentials.base_models import AccessToken, LoginAttempt

# Time banks commonly let a new member go a few hours negative, so a newcomer can ask for help before
# having served (issue 10); a community changes it in the staff console's ledger tools.
DEFAULT_CREDIT_LIMIT_MINUTES = 5 * 60


def default_hours_milestones() -> list[int]:
    return [10, 50, 100]


def default_member_number_milestones() -> list[int]:
    return [1_000, 5_000, 10_000]


class CommunitySettings(models.Model):
    """The one row of community-wide rules, created at onboarding (id is always 1)."""

    welcome_text = models.TextField(_("welcome text"), blank=True)
    default_credit_limit_minutes = models.PositiveIntegerField(
        _("default credit limit (minutes)"),
        default=DEFAULT_CREDIT_LIMIT_MINUTES,
        help_text=_("0: members spend only what they earned"),
    )
    auto_confirm_days = models.PositiveSmallIntegerField(
        _("days before a completed exchange is confirmed"), default=7
    )
    listing_expiry_days = models.PositiveSmallIntegerField(
        _("days before an offer or request expires"), default=60
    )
    # Volunteers arrive early to set up; an hour covers that without letting anyone check in the day
    # before (issue 10). Check-in closes at the activity's end whatever this says.
    check_in_opens_minutes = models.PositiveSmallIntegerField(
        _("minutes before an activity's start when check-in opens"), default=60
    )
    # Milestones the community celebrates (issue 14: its admin sets them; recognition grants them).
    hours_milestones = ArrayField(
        models.PositiveIntegerField(),
        default=default_hours_milestones,
        verbose_name=_("hours-served milestones"),
    )
    member_number_milestones = ArrayField(
        models.PositiveIntegerField(),
        default=default_member_number_milestones,
        verbose_name=_("member-number milestones"),
    )

    class Meta:
        verbose_name = _("community settings")
        verbose_name_plural = _("community settings")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="community_settings_singleton")]

    def __str__(self) -> str:
        return str(_("community settings"))

    @classmethod
    def load(cls) -> "CommunitySettings":
        return cls.objects.get(id=1)


class Member(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        COLLECTIVE = "collective", _("collective")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending approval")
        ACTIVE = "active", _("active")
        REJECTED = "rejected", _("rejected")
        SUSPENDED = "suspended", _("suspended")

    class Role(models.TextChoices):
        RESIDENT = "resident", _("resident")
        COLLECTIVE = "collective", _("collective member")
        COORDINATOR = "coordinator", _("volunteer coordinator")
        WORKER = "worker", _("community worker")
        ADMIN = "admin", _("community admin")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="member")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INDIVIDUAL)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.RESIDENT)
    display_name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Was free text until issue 13; migration members 0004 turned every text into a building (unknown
    # ones as buildings to confirm). The unit stays text: a flat number within the building.
    building = models.ForeignKey(
        "neighbourhood.Building",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="residents",
        verbose_name=_("building"),
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    skills = models.TextField(_("skills"), blank=True)
    member_number = models.PositiveIntegerField(_("member number"), null=True, blank=True, unique=True)
    applied_at = models.DateTimeField(_("applied"), auto_now_add=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # Issue 14: a resident without a (smart)phone is registered by a community worker, who records that
    # the resident agreed to their data being kept: who recorded it, and when.
    assisted = models.BooleanField(_("registered by a community worker"), default=False)
    consent_recorded_at = models.DateTimeField(_("consent recorded"), null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent recorded by"),
    )

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="active", member_number__isnull=False) | ~models.Q(status="active"),
                name="active_member_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name


class MemberToken(AccessToken):
    """A bearer token of one member; it lives in the community's schema, so it is valid on that host only."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="tokens")

    class Meta:
        verbose_name = _("member token")
        verbose_name_plural = _("member tokens")


class MemberLoginAttempt(LoginAttempt):
    class Meta(LoginAttempt.Meta):
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")


class MemberEvent(models.Model):
    """The audit trail of membership: written in the same transaction as the change it records."""

    class Kind(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        MILESTONE = "milestone", _("membership milestone")

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("member event")
        verbose_name_plural = _("member events")

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}"
