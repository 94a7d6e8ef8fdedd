"""The console's forms; field names are the GraphQL argument names (rejectMember's `reason`...)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.neighbourhood.models import MemberStanding
from sharepool.web.errors import IdempotentForm
from sharepool.web.widgets import PlainSelect


class ApproveForm(forms.Form):
    pass


class RejectForm(forms.Form):
    # Not required here: an empty reason reaches the domain, whose refusal (REASON_REQUIRED) is shown.
    reason = forms.CharField(
        label=_("Reason (the applicant sees it)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def row_ids(member_id: int) -> str:
    # One page holds a reject form per applicant: their ids differ, their names stay the API's.
    return f"id_%s_{member_id}"


class AssistedMemberForm(forms.Form):
    """registerAssistedMember: the phone optional (an elder may have none), the consent ticked."""

    displayName = forms.CharField(label=_("Name"), max_length=100, strip=False)
    phone = forms.CharField(
        label=_("Mobile number (optional)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "off"}),
    )
    building = forms.CharField(label=_("Building"), required=False, max_length=50)
    unit = forms.CharField(label=_("Unit"), required=False, max_length=50)
    skills = forms.CharField(
        label=_("What they can offer"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    # Not required here: unticked reaches the domain, whose refusal (CONSENT_REQUIRED) names this field.
    consent = forms.BooleanField(
        label=_("The resident agrees to these details being kept by the community"), required=False
    )


class SearchListingsForm(forms.Form):
    text = forms.CharField(label=_("Search services and needs"), required=False, max_length=100)


class ProposeForMemberForm(forms.Form):
    """proposeExchange with onBehalfOf: the listing from the button, a note from the worker."""

    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class CreditLimitForm(forms.Form):
    """setCreditLimit: minutes; empty puts the member back on the community's default."""

    minutes = forms.IntegerField(
        label=_("Credit line (minutes; empty: the community's default)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class DefaultCreditLimitForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Default credit line (minutes)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )


class AdjustBalanceForm(IdempotentForm):
    """adjustBalance: signed minutes against the community pool, with the reason."""

    amount = forms.IntegerField(
        label=_("Minutes (negative to take away)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class ReverseTransferForm(IdempotentForm):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class ResolveDisputeForm(IdempotentForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("confirm", _("Confirm the recorded time")),
            ("adjust", _("Confirm other minutes")),
            ("cancel", _("Cancel the exchange")),
        ],
        widget=forms.RadioSelect,
    )
    minutes = forms.IntegerField(
        label=_("Minutes (for other minutes)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


WEEKDAY_CHOICES = [
    (1, _("Monday")),
    (2, _("Tuesday")),
    (3, _("Wednesday")),
    (4, _("Thursday")),
    (5, _("Friday")),
    (6, _("Saturday")),
    (7, _("Sunday")),
]


class ActivitySeriesForm(forms.Form):
    """createActivitySeries: the 4:30 classroom every school day, until a date or for some weeks."""

    title = forms.CharField(label=_("Title"), max_length=120)
    # An integer with a select: a category gone meanwhile is the domain's category_not_found.
    categoryId = forms.IntegerField(label=_("Category"), widget=PlainSelect)
    place = forms.CharField(label=_("Place"), max_length=200)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Days of the week"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    startsAtTime = forms.TimeField(label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    durationMinutes = forms.IntegerField(
        label=_("Lasts (minutes)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    firstDay = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(
        label=_("Last day (or weeks below)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    weeks = forms.IntegerField(
        label=_("Number of weeks"), required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    capacity = forms.IntegerField(label=_("Places"), widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    minutesCredited = forms.IntegerField(
        label=_("Minutes credited to each attendee"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    # The API's organiserId, by the number on the coordinator's card.
    organiserNumber = forms.IntegerField(
        label=_("Coordinator in charge (member number; empty: yourself)"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categoryId"].widget.choices = list(categories)


class SettingsMinutesForm(forms.Form):
    minutes = forms.IntegerField(
        label=_("Check-in opens this many minutes before the start"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class AutoConfirmForm(forms.Form):
    days = forms.IntegerField(
        label=_("A completed exchange confirms itself after this many days"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


ROLE_CHOICES = [
    ("worker", _("Community worker")),
    ("coordinator", _("Volunteer coordinator")),
    ("building_head", _("Building head")),
]


class AppointForm(forms.Form):
    """assignRole: the member by the number on their card, the role, and a building head's buildings."""

    memberNumber = forms.IntegerField(
        label=_("Member number"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES)
    buildingIds = forms.TypedMultipleChoiceField(
        label=_("Buildings covered (building heads)"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, buildings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["buildingIds"].choices = list(buildings)


class NumbersField(forms.CharField):
    """Whole numbers typed as "10, 50, 100" (Chinese commas and 、 too); the domain checks their range."""

    def to_python(self, value):
        text = super().to_python(value)
        parts = [part for part in re.split(r"[\s,，、]+", text) if part]
        if not all(part.isdigit() and len(part) < 10 for part in parts):
            raise forms.ValidationError(_("Write whole numbers separated by commas."))
        return [int(part) for part in parts]


class MilestonesForm(forms.Form):
    hours = NumbersField(label=_("Hours served honoured (e.g. 10, 50, 100)"), required=False, max_length=200)
    memberNumbers = NumbersField(
        label=_("Member numbers honoured (e.g. 1000, 5000)"), required=False, max_length=200
    )


class MemberStandingForm(forms.Form):
    """setMemberStanding: party membership (an in-service party member with the day they reported in),
    an employer or resident unit, and for a collective member its kind."""

    party = forms.ChoiceField(label=_("Party membership"), choices=MemberStanding.Party.choices)
    reportedInOn = forms.DateField(
        label=_("Reported in on (in-service party members)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    employerId = forms.TypedChoiceField(
        label=_("Employer or resident unit"), coerce=int, required=False, empty_value=None
    )
    collectiveKind = forms.ChoiceField(
        label=_("Kind of collective member"), choices=MemberStanding.CollectiveKind.choices, required=False
    )

    def __init__(self, *args, employers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employerId"].choices = [("", "—"), *employers]


class ExportForm(forms.Form):
    """requestExport: which records, which days (both included), CSV or XLSX."""

    kind = forms.ChoiceField(label=_("Records"), choices=())
    since = forms.DateField(
        label=_("From"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
    )
    until = forms.DateField(label=_("To"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    format = forms.ChoiceField(label=_("Format"), choices=(("xlsx", "Excel (XLSX)"), ("csv", "CSV")))

    def __init__(self, *args, **kwargs):
        from sharepool.tenants.stats.exports import KIND_LABELS

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(str(kind), label) for kind, label in KIND_LABELS.items()]
