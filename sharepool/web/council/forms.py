"""The council's forms. Field names are the GraphQL argument names (issue 12's rule): a form posts what
the mutation takes, and a domain error names its field in the same words."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.council.models import Ballot, Vote


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
    memberId = forms.IntegerField(label=_("Who asks to speak"), widget=forms.Select)

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
    motionId = forms.IntegerField(label=_("Motion"), widget=forms.Select)

    def __init__(self, *args, motions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motionId"].widget.choices = list(motions)


class ApproveMinutesForm(forms.Form):
    minutesSessionId = forms.IntegerField(label=_("Minutes of the session"), widget=forms.Select)

    def __init__(self, *args, sessions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutesSessionId"].widget.choices = list(sessions)
