"""Tenant-schema models of the resident council (居民议事会), shared/design/COUNCIL.md and issue 13.

`CouncilEvent` is the record: every transition of a session or a motion is one row, never edited. The
`state` columns of Session and Motion are what the events replay to (tests/tenants/council checks that
they do); they exist so that lists and locks read one row.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.members.models import Member
from sharepool.tenants.neighbourhood.models import Building, CommunityOrganisation


class Threshold(models.TextChoices):
    MAJORITY = "majority", _("a majority of the votes cast")
    TWO_THIRDS = "two_thirds", _("two thirds of the votes cast")


class Council(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    seconds_required = models.PositiveSmallIntegerField(_("seconds required"), default=1)
    # None: a majority of the voting members.
    quorum = models.PositiveSmallIntegerField(_("quorum"), null=True, blank=True)
    default_threshold = models.CharField(
        _("default threshold"), max_length=12, choices=Threshold.choices, default=Threshold.MAJORITY
    )
    research_required = models.BooleanField(_("research report required"), default=True)
    follow_up_days = models.PositiveSmallIntegerField(
        _("days from the due date to the follow-up"), default=30
    )
    second_within_days = models.PositiveSmallIntegerField(
        _("days for a second before a motion lapses"), default=14
    )
    speech_seconds = models.PositiveSmallIntegerField(_("time limit per speaker (seconds)"), default=180)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("council")
        verbose_name_plural = _("councils")

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    """A voting member of a council: a residents' representative or a building head."""

    class Kind(models.TextChoices):
        REPRESENTATIVE = "representative", _("residents' representative")
        BUILDING_HEAD = "building_head", _("building head")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="seats")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="council_seats")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "member"],
                condition=Q(until__isnull=True),
                name="one_current_seat_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.council_id} {self.member_id}"


class Session(models.Model):
    class State(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        OPENED = "opened", _("in session")
        CLOSED = "closed", _("closed")
        ADJOURNED = "adjourned", _("adjourned")
        NO_QUORUM = "no_quorum", _("no quorum")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="sessions")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    scheduled_at = models.DateTimeField(_("scheduled for"))
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.SCHEDULED)
    chair = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("chair"))
    secretary = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("secretary")
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(fields=["council", "number"], name="session_number_per_council")
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Method(models.TextChoices):
        CHECK_IN = "check_in", _("check-in")
        ROLL_CALL = "roll_call", _("roll call")

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendances")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    at = models.DateTimeField(_("at"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["session", "member"], name="attends_once")]

    def __str__(self) -> str:
        return f"{self.session_id} {self.member_id}"


class Motion(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", _("main motion")
        AMENDMENT = "amendment", _("amendment")

    class State(models.TextChoices):
        DRAFT = "draft", _("draft / research")
        SUBMITTED = "submitted", _("submitted")
        SECONDED = "seconded", _("seconded")
        SCHEDULED = "scheduled", _("on the agenda")
        PENDING = "pending", _("under consideration")
        VOTING = "voting", _("voting")
        ADOPTED = "adopted", _("adopted")
        FAILED = "failed", _("failed")
        WITHDRAWN = "withdrawn", _("withdrawn")
        LAPSED = "lapsed", _("lapsed without a second")
        REFERRED = "referred", _("referred for study")
        POSTPONED = "postponed", _("postponed")
        IN_EXECUTION = "in_execution", _("in execution")
        COMPLETED = "completed", _("completed")
        FOLLOWED_UP = "followed_up", _("followed up")

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="motions")
    # Given when seconded, in order per council (an amendment has none: it is its parent's).
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MAIN)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
        verbose_name=_("amends"),
    )
    title = models.CharField(_("title"), max_length=200)
    # The current text; every version is a MotionText row (an adopted amendment adds one).
    text = models.TextField(_("text"))
    reason = models.TextField(_("reason"), blank=True)
    research = models.TextField(_("research report"), blank=True)
    mover = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="motions_moved")
    state = models.CharField(_("state"), max_length=14, choices=State.choices, default=State.DRAFT)
    threshold = models.CharField(_("threshold"), max_length=12, choices=Threshold.choices)
    buildings = models.ManyToManyField(
        Building, blank=True, related_name="motions", verbose_name=_("buildings")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motions",
        verbose_name=_("session"),
    )
    debate_closed = models.BooleanField(_("debate closed"), default=False)
    referred_to = models.CharField(_("referred to"), max_length=200, blank=True)
    referred_until = models.DateField(_("report due"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("motion")
        verbose_name_plural = _("motions")
        constraints = [
            models.UniqueConstraint(fields=["council", "number"], name="motion_number_per_council"),
            models.CheckConstraint(
                condition=Q(kind="main", parent__isnull=True) | Q(kind="amendment", parent__isnull=False),
                name="amendment_has_parent",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class MotionText(models.Model):
    """Every version of a motion's text: the first as moved, then one per adopted amendment."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="texts")
    text = models.TextField(_("text"))
    amendment = models.ForeignKey(Motion, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("motion text")
        verbose_name_plural = _("motion texts")

    def __str__(self) -> str:
        return f"{self.motion_id} v{self.id}"


class Second(models.Model):
    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="seconds")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("second")
        verbose_name_plural = _("seconds")
        constraints = [models.UniqueConstraint(fields=["motion", "member"], name="seconds_once")]

    def __str__(self) -> str:
        return f"{self.motion_id} {self.member_id}"


class Speaker(models.Model):
    """An entry on the speakers' list of a motion. `round` is the how-many-th time the member asks to
    speak on it: the floor goes to the lowest round first, so no one speaks twice before everyone who
    wishes has spoken once."""

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="speakers")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    round = models.PositiveSmallIntegerField(_("round"))
    position = models.PositiveIntegerField(_("position"))
    limit_seconds = models.PositiveSmallIntegerField(_("time limit (seconds)"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return f"{self.motion_id} {self.member_id} #{self.round}"


class Vote(models.Model):
    class Method(models.TextChoices):
        VOICE = "voice", _("voice vote")
        SHOW_OF_HANDS = "show_of_hands", _("show of hands")
        ROLL_CALL = "roll_call", _("roll call")
        BALLOT = "ballot", _("ballot")

    class Question(models.TextChoices):
        MOTION = "motion", _("the motion")
        CLOSE_DEBATE = "close_debate", _("closing debate")

    class Result(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        FAILED = "failed", _("failed")

    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, related_name="votes")
    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="votes")
    question = models.CharField(
        _("question"), max_length=14, choices=Question.choices, default=Question.MOTION
    )
    method = models.CharField(_("method"), max_length=14, choices=Method.choices)
    threshold = models.CharField(_("threshold"), max_length=12, choices=Threshold.choices)
    opened_at = models.DateTimeField(_("opened"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # Snapshotted: at the opening and, for the record, at the close.
    entitled = models.PositiveIntegerField(_("entitled to vote"))
    quorum = models.PositiveIntegerField(_("quorum"))
    present_at_open = models.PositiveIntegerField(_("present at the opening"))
    present_at_close = models.PositiveIntegerField(_("present at the close"), null=True, blank=True)
    quorum_met = models.BooleanField(_("quorum met"), null=True, blank=True)
    # Ballot tallies add up as ballots come in (the ballot itself is not kept); roll-call tallies are
    # counted from the named votes at close; a voice vote or a show of hands is counted by the chair.
    yes = models.PositiveIntegerField(_("yes"), default=0)
    no = models.PositiveIntegerField(_("no"), default=0)
    abstain = models.PositiveIntegerField(_("abstain"), default=0)
    result = models.CharField(_("result"), max_length=8, choices=Result.choices, blank=True)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["motion"], condition=Q(closed_at__isnull=True), name="one_open_vote_per_motion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.motion_id} {self.question} {self.result}"


class Ballot(models.Model):
    """Who voted; how, only for a roll call (named). A secret ballot keeps `choice` empty."""

    class Choice(models.TextChoices):
        YES = "yes", _("yes")
        NO = "no", _("no")
        ABSTAIN = "abstain", _("abstain")

    vote = models.ForeignKey(Vote, on_delete=models.PROTECT, related_name="ballots")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices, blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [models.UniqueConstraint(fields=["vote", "member"], name="votes_once")]

    def __str__(self) -> str:
        return f"{self.vote_id} {self.member_id}"


class Minutes(models.Model):
    """Generated from the session's events when it ends; approved at a later session."""

    session = models.OneToOneField(Session, on_delete=models.PROTECT, related_name="minutes")
    text = models.TextField(_("text"))
    generated_at = models.DateTimeField(_("generated"))
    approved_in = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved in"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.session_id}"


class Execution(models.Model):
    """Carrying out an adopted motion: one per motion, a child per building concerned."""

    motion = models.OneToOneField(Motion, on_delete=models.PROTECT, related_name="execution")
    organisations = models.ManyToManyField(
        CommunityOrganisation, blank=True, related_name="+", verbose_name=_("responsible organisations")
    )
    started_at = models.DateTimeField(_("started"))
    due_on = models.DateField(_("due"))
    follow_up_on = models.DateField(_("follow-up"))
    closing_report = models.TextField(_("closing report"), blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)

    class Meta:
        verbose_name = _("execution")
        verbose_name_plural = _("executions")

    def __str__(self) -> str:
        return f"{self.motion_id}"


class ExecutionBuilding(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")

    execution = models.ForeignKey(Execution, on_delete=models.PROTECT, related_name="buildings")
    building = models.ForeignKey(Building, on_delete=models.PROTECT, related_name="executions")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)

    class Meta:
        verbose_name = _("execution in a building")
        verbose_name_plural = _("execution in buildings")
        constraints = [
            models.UniqueConstraint(fields=["execution", "building"], name="one_child_per_building"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.execution_id} {self.building_id} {self.progress}%"


class Milestone(models.Model):
    execution = models.ForeignKey(Execution, on_delete=models.PROTECT, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_on = models.DateField(_("due"))
    reached_at = models.DateTimeField(_("reached"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self) -> str:
        return self.title


class CouncilEvent(models.Model):
    """One transition: who, when, from which state to which, with the counts at that moment. Append-only."""

    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="events")
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    motion = models.ForeignKey(Motion, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    actor = models.ForeignKey(Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=30)
    from_state = models.CharField(_("from"), max_length=14, blank=True)
    to_state = models.CharField(_("to"), max_length=14, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("council event")
        verbose_name_plural = _("council events")
        indexes = [models.Index(fields=["session", "id"], name="council_event_session")]

    def __str__(self) -> str:
        return f"{self.kind} {self.from_state}->{self.to_state}"
