"""The console's forms; field names are the GraphQL argument names (rejectMember's `reason`...)."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
