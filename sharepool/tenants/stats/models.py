"""The daily statistics snapshots that the charts draw (issue 6)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class StatsSnapshot(models.Model):
    """The community's headline figures as `community_stats` gave them, once a day (one beat run)."""

    day = models.DateField(_("day"), unique=True)
    members = models.PositiveIntegerField(_("members"))
    active_members_90_days = models.PositiveIntegerField(_("members active in the last 90 days"))
    minutes_served = models.PositiveBigIntegerField(_("minutes served"))
    minutes_in_circulation = models.PositiveBigIntegerField(_("minutes in circulation"))
    population = models.PositiveIntegerField(_("population"), null=True)
    participation_rate = models.DecimalField(
        _("participation rate"), max_digits=12, decimal_places=4, null=True
    )
    # Added for the street office's comparison (issue 14); null in the snapshots taken before.
    active_members_30_days = models.PositiveIntegerField(_("members active in the last 30 days"), null=True)
    minutes_served_this_month = models.PositiveBigIntegerField(_("minutes served this month"), null=True)
    exchanges = models.PositiveIntegerField(_("exchanges"), null=True)
    activities_held = models.PositiveIntegerField(_("activities held"), null=True)
    taken_at = models.DateTimeField(_("taken"))

    class Meta:
        # Made by the recognition app before stats had an app of its own (issue 11); the table kept its name.
        db_table = "recognition_statssnapshot"
        verbose_name = _("statistics snapshot")
        verbose_name_plural = _("statistics snapshots")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.members}"


class Certificate(models.Model):
    """A volunteer-hour certificate (志愿服务时长证明, issue 14), as issued: its figures are frozen, so the
    verification page shows what was printed even if the ledger changes later."""

    code = models.CharField(_("verification code"), max_length=16, unique=True)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="certificates")
    member_name = models.CharField(_("name"), max_length=100)
    since = models.DateField(_("first day"))
    until = models.DateField(_("last day"))
    minutes = models.PositiveIntegerField(_("minutes"))
    # [{"title", "date", "minutes"}] of the awards counted, in the order printed.
    activities = models.JSONField(_("activities"), default=list)
    issued_at = models.DateTimeField(_("issued"), auto_now_add=True)
    issued_by = models.ForeignKey(
        "members.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.code} {self.member_name} {self.minutes} min"


class ExportJob(models.Model):
    """An export too large to stream in the request (issue 14): a task writes the file and counts the rows
    it has written, which the page shows as a progress bar."""

    class State(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=16)
    format = models.CharField(_("format"), max_length=4)
    since = models.DateField(_("first day"))
    until = models.DateField(_("last day"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.QUEUED)
    rows_total = models.PositiveIntegerField(_("rows"))
    rows_done = models.PositiveIntegerField(_("rows written"), default=0)
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return f"{self.kind} {self.since}..{self.until} {self.state}"

    @property
    def percent(self) -> int:
        return 100 if self.state == self.State.DONE else int(100 * self.rows_done / max(self.rows_total, 1))
