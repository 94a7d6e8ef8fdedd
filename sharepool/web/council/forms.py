"""The council's forms. Field names are the GraphQL argument names (issue 12's rule): a form posts what
the mutation takes, and a domain error names its field in the same words."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.council.models import Ballot, Seat, Threshold, Vote
from sharepool.tenants.council.services import CouncilRules
from sharepool.web.widgets import PlainSelect


def count_field(label, required: bool = True) -> forms.IntegerField:
    # No min_value: a negative count is the domain's counts_invalid, as through the API.
    return forms.IntegerField(
        label=label, required=required, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )


class CastVoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), choices=Ballot.Choice.choices, widget=forms.RadioSelect)


class NoFieldsForm(forms.Form):
    """openSession, closeSession, stateQuestion...: everything is in the page's address or the button."""


class MemberForm(forms.Form):
    memberId = forms.IntegerField(widget=forms.HiddenInput)


class MotionForm(forms.Form):
    motionId = forms.IntegerField(widget=forms.HiddenInput)


class AddSpeakerForm(MotionForm):
    memberId = forms.IntegerField(label=_("Who asks to speak"), widget=PlainSelect)

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["memberId"].widget.choices = list(members)


class GiveFloorForm(MotionForm):
    speakerId = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CountsForm(MotionForm):
    """closeDebate: the show of hands on closing debate, which takes two thirds."""

    yes = count_field(_("Yes"))
    no = count_field(_("No"))
    abstain = count_field(_("Abstain"))


class OpenVoteForm(MotionForm):
    method = forms.ChoiceField(label=_("How the vote is taken"), choices=Vote.Method.choices)


class CloseVoteForm(MotionForm):
    """closeVote: the chair's count for a voice vote or a show of hands; a roll call and a ballot count
    themselves, and these fields stay empty."""

    yes = count_field(_("Yes"), required=False)
    no = count_field(_("No"), required=False)
    abstain = count_field(_("Abstain"), required=False)


class ScheduleForm(MotionForm):
    motionId = forms.IntegerField(label=_("Motion"), widget=PlainSelect)

    def __init__(self, *args, motions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motionId"].widget.choices = list(motions)


class ApproveMinutesForm(forms.Form):
    minutesSessionId = forms.IntegerField(label=_("Minutes of the session"), widget=PlainSelect)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutesSessionId"].widget.choices = list(sessions)


def choice_select(field: forms.Field, choices) -> None:
    field.widget.choices = list(choices)


class DraftMotionForm(forms.Form):
    """submitMotion without a motionId: a new motion, filed at once unless kept as a draft."""

    councilId = forms.IntegerField(label=_("Council"), widget=PlainSelect)
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("What is to be decided"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    research = forms.CharField(
        label=_("Research report"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    buildingIds = forms.TypedMultipleChoiceField(
        label=_("Buildings concerned"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    draftOnly = forms.BooleanField(label=_("Keep it as a draft for now"), required=False)

    def __init__(self, *args, councils=(), buildings=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_select(self.fields["councilId"], councils)
        self.fields["buildingIds"].choices = list(buildings)


class ResearchForm(forms.Form):
    research = forms.CharField(label=_("Research report"), widget=forms.Textarea(attrs={"rows": 6}))


class ReferForm(MotionForm):
    to = forms.CharField(label=_("Referred to (a committee or the building heads)"), max_length=200)
    reportDue = forms.DateField(label=_("Report due"), widget=forms.DateInput(attrs={"type": "date"}))


class PostponeForm(MotionForm):
    toSessionId = forms.IntegerField(label=_("To the session"), widget=PlainSelect)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_select(self.fields["toSessionId"], sessions)


MILESTONE_ROWS = 3  # a page's few milestones; the API takes up to a hundred


class StartExecutionForm(forms.Form):
    """startExecution: the due date, the responsible organisations and up to three milestones (a title
    and its due date each); a row left empty is no milestone."""

    dueOn = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
    organisationIds = forms.TypedMultipleChoiceField(
        label=_("Responsible organisations"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisationIds"].choices = list(organisations)
        for n in range(1, MILESTONE_ROWS + 1):
            self.fields[f"milestone{n}Title"] = forms.CharField(
                label=_("Milestone %(n)s") % {"n": n}, required=False, max_length=200
            )
            self.fields[f"milestone{n}DueOn"] = forms.DateField(
                label=_("Milestone %(n)s due on") % {"n": n},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )

    def clean(self):
        data = super().clean()
        rows = []
        for n in range(1, MILESTONE_ROWS + 1):
            title, due = data.get(f"milestone{n}Title", ""), data.get(f"milestone{n}DueOn")
            if title and due is None:
                self.add_error(f"milestone{n}DueOn", _("Give the milestone's due date."))
            elif title or due:
                rows.append((title, due))
        data["milestones"] = rows
        return data


class ReportProgressForm(forms.Form):
    buildingId = forms.IntegerField(label=_("Building"), widget=PlainSelect)
    # No bounds here: a percentage out of range or going back is the domain's progress_invalid.
    progress = count_field(_("Progress (%)"))
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, buildings=(), **kwargs):
        super().__init__(*args, **kwargs)
        choice_select(self.fields["buildingId"], buildings)


class MilestoneReachedForm(forms.Form):
    """reportProgress with a milestoneId: a milestone reached (community workers)."""

    milestoneId = forms.IntegerField(label=_("Milestone"), widget=PlainSelect)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, milestones=(), **kwargs):
        kwargs.setdefault("auto_id", "id_milestone_%s")  # beside the progress form, whose note is id_note
        super().__init__(*args, **kwargs)
        choice_select(self.fields["milestoneId"], milestones)


class ClosingReportForm(forms.Form):
    closingReport = forms.CharField(label=_("Closing report"), widget=forms.Textarea(attrs={"rows": 4}))


class FollowUpForm(forms.Form):
    note = forms.CharField(label=_("What the follow-up found"), widget=forms.Textarea(attrs={"rows": 4}))


class StudyReportForm(forms.Form):
    """returnReferredMotion: the study's report; the motion is a draft again."""

    report = forms.CharField(label=_("The study's report"), widget=forms.Textarea(attrs={"rows": 5}))


class AmendmentForm(forms.Form):
    """proposeAmendment: the amended text (a title is made from the motion's when left empty)."""

    title = forms.CharField(label=_("Title of the amendment"), required=False, max_length=200)
    text = forms.CharField(label=_("The text as amended"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_amendment_%s")
        super().__init__(*args, **kwargs)


class ScheduleSessionForm(forms.Form):
    """createSession: the council, the title, when and where, its chair and secretary by member number."""

    councilId = forms.TypedChoiceField(label=_("Council"), coerce=int, choices=())
    title = forms.CharField(label=_("Title"), max_length=200)
    scheduledAt = forms.DateTimeField(
        label=_("When"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    chairNumber = forms.IntegerField(
        label=_("Chair (member number)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    secretaryNumber = forms.IntegerField(
        label=_("Secretary (member number)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )

    def __init__(self, *args, councils=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councilId"].choices = list(councils)


def rule_field(label, help_text="", required: bool = True) -> forms.IntegerField:
    # No bounds here: a rule out of range is the domain's `<rule>_invalid`, as through the API.
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class CouncilForm(forms.Form):
    """createCouncil: the name and the rules, prefilled with their defaults (CouncilRules)."""

    name = forms.CharField(label=_("Name of the council"), max_length=100)
    secondsRequired = rule_field(_("Seconds required before a motion goes further"))
    quorum = rule_field(
        _("Quorum (voting members present)"),
        _("Leave it empty for a majority of the voting members."),
        required=False,
    )
    defaultThreshold = forms.ChoiceField(label=_("Default threshold"), choices=Threshold.choices)
    researchRequired = forms.BooleanField(label=_("A research report is required"), required=False)
    secondWithinDays = rule_field(_("Days for a second before a motion lapses"))
    speechSeconds = rule_field(_("Time limit per speaker (seconds)"))
    followUpDays = rule_field(_("Days from the due date to the follow-up"))

    def __init__(self, *args, **kwargs):
        defaults = CouncilRules()
        kwargs.setdefault(
            "initial",
            {
                "secondsRequired": defaults.seconds_required,
                "defaultThreshold": defaults.default_threshold,
                "researchRequired": defaults.research_required,
                "secondWithinDays": defaults.second_within_days,
                "speechSeconds": defaults.speech_seconds,
                "followUpDays": defaults.follow_up_days,
            },
        )
        super().__init__(*args, **kwargs)


class GiveSeatForm(forms.Form):
    """giveSeat: the member by the number on their card, and the kind of seat."""

    memberNumber = forms.IntegerField(
        label=_("Member number"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    kind = forms.ChoiceField(label=_("Kind of seat"), choices=Seat.Kind.choices)
