"""Volunteer activities (the 4:30 classroom): sign-ups, a waiting list, check-ins and hour awards."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.ledger.models import Transfer
from sharepool.tenants.members.models import Member
from sharepool.tenants.timebank.models import Category


class ActivitySeries(models.Model):
    """A rule that made many activities at once: the 4:30 classroom every school day (issue 14).

    Each occurrence is an ordinary Activity linked here; the series only remembers how they were made."""

    title = models.CharField(_("title"), max_length=120)
    # ISO weekdays, 1 (Monday) to 7 (Sunday), in order: "1,2,3,4,5" is every school day.
    weekdays = models.CharField(_("weekdays"), max_length=13)
    starts_at_time = models.TimeField(_("start time"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    created_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("activity series")
        verbose_name_plural = _("activity series")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=models.F("first_day")), name="activity_series_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CANCELLED = "cancelled", _("cancelled")

    title = models.CharField(_("title"), max_length=120)
    organiser = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="activities_organised")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="activities")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveIntegerField(_("capacity"))
    minutes_credited = models.PositiveIntegerField(_("minutes credited"))
    # Shown by the coordinator on the day; members check themselves in with it.
    check_in_code = models.CharField(_("check-in code"), max_length=12)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    series = models.ForeignKey(
        ActivitySeries, on_delete=models.PROTECT, null=True, blank=True, related_name="activities"
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="activity_capacity_positive"),
            models.CheckConstraint(condition=Q(minutes_credited__gt=0), name="activity_minutes_positive"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="activity_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SignUp(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="sign_ups")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="sign_ups")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # The waiting list is served in this order.
    signed_up_at = models.DateTimeField(_("signed up"))
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="sign_up_once"),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waiting", "cancelled"]), name="sign_up_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(checked_in_at__isnull=True) | Q(status="confirmed"),
                name="sign_up_checked_in_is_confirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} @ {self.activity_id}: {self.status}"


class ActivityAward(models.Model):
    """The hours one attendee was credited for one activity: at most one per (activity, member)."""

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="awards")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="activity_awards")
    minutes = models.PositiveIntegerField(_("minutes"))
    transfer = models.OneToOneField(Transfer, on_delete=models.PROTECT, related_name="activity_award")
    awarded_by = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    awarded_at = models.DateTimeField(_("awarded"))

    class Meta:
        verbose_name = _("activity award")
        verbose_name_plural = _("activity awards")
        constraints = [
            models.UniqueConstraint(fields=["activity", "member"], name="activity_award_once"),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="activity_award_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} min to {self.member_id} for {self.activity_id}"
