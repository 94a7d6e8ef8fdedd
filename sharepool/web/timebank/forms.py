"""The time bank's forms. Field names are the GraphQL argument names (issue 12): a form posts what
the mutation takes, and a domain error names the field it belongs to in the same words."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.timebank.models import Category
from sharepool.web.errors import IdempotentForm
from sharepool.web.widgets import PlainSelect


def category_choices() -> list[tuple[int, str]]:
    """The active categories as (id, name), in their order: read as values, not as models."""
    return list(Category.objects.filter(active=True).values_list("id", "name"))


class ListingFilterForm(forms.Form):
    """The browse page's filters (GET): a bad value is ignored, never a 500."""

    categoryId = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None, widget=PlainSelect
    )
    text = forms.CharField(label=_("Search"), required=False, max_length=100)
    building = forms.ChoiceField(label=_("Building"), required=False, widget=PlainSelect)

    def __init__(self, *args, categories, buildings, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categoryId"].choices = [("", _("All categories")), *categories]
        self.fields["building"].choices = [("", _("All buildings")), *((b, b) for b in buildings)]


class ListingForm(forms.Form):
    """Post or edit an offer or a request: the arguments of postOffer / postRequest."""

    # An integer with a select, not a ChoiceField: a category gone meanwhile is the domain's
    # category_not_found on this field, as through the API.
    categoryId = forms.IntegerField(label=_("Category"), widget=PlainSelect)
    title = forms.CharField(label=_("Title"), max_length=120, strip=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categoryId"].widget.choices = categories


class ProposeForm(forms.Form):
    """proposeExchange: the listing comes from the page's address, the note from the resident."""

    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptForm(forms.Form):
    pass


class CompleteForm(forms.Form):
    """completeExchange: the provider records the minutes served (the domain says how many may be)."""

    minutes = forms.IntegerField(
        label=_("Minutes served"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )


class ConfirmForm(IdempotentForm):
    """confirmExchange moves the hours: its key makes a double tap or a resubmitted page post once."""


class DisputeForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)
