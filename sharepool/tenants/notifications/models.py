"""Tenant-schema notifications: what each member is told, in the app and by e-mail, and what they want."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.members.models import Member


class Kind(models.TextChoices):
    EXCHANGE_PROPOSED = "exchange_proposed", _("new exchange proposal")
    EXCHANGE_CONFIRMED = "exchange_confirmed", _("exchange confirmed")
    EXCHANGE_DISPUTED = "exchange_disputed", _("exchange disputed")
    ACTIVITY_REMINDER = "activity_reminder", _("activity reminder")
    MILESTONE_REACHED = "milestone_reached", _("milestone reached")
    CONFIRMATION_REMINDER = "confirmation_reminder", _("exchange waiting for your confirmation")
    # issue 13: the resident council
    MOTION_ON_AGENDA = "motion_on_agenda", _("motion on the agenda")
    VOTE_OPEN = "vote_open", _("vote open")
    MOTION_RESULT = "motion_result", _("result of a vote")
    FOLLOW_UP_DUE = "follow_up_due", _("follow-up due")
    # issue 10: what an applicant and an attendee were left waiting to hear
    APPLICATION_APPROVED = "application_approved", _("application approved")
    HOURS_AWARDED = "hours_awarded", _("hours awarded for an activity")
    HOURS_FROM_ANOTHER_COMMUNITY = "hours_from_another_community", _("hours from another community")


class Notification(models.Model):
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    body = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=300, blank=True)
    # The member's preferences at the time it was made: shown in the app, sent by e-mail, or both.
    in_app = models.BooleanField(_("shown in the app"), default=True)
    by_email = models.BooleanField(_("sent by e-mail"), default=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    emailed_to = models.EmailField(_("e-mailed to"), blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Optional: the same key never makes a second notification (a redelivered task, a rerun reminder).
    key = models.CharField(_("key"), max_length=100, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["member", "-created"], name="notification_member_recent"),
            models.Index(
                fields=["created"], condition=models.Q(delivered_at__isnull=True), name="notification_pending"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(in_app=True) | models.Q(by_email=True), name="notification_has_channel"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} -> {self.member_id}"

    @property
    def title(self) -> str | Promise:
        return Kind(self.kind).label  # lazy: translated where it is shown


class NotificationPreference(models.Model):
    """A member's choice for one kind; no row means the default (both channels on)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="notification_preferences")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    in_app = models.BooleanField(_("in the app"), default=True)
    by_email = models.BooleanField(_("by e-mail"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["member", "kind"], name="one_preference_per_kind")]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}"
