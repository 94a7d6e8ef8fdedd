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
