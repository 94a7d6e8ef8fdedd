"""Forms of the street office's pages. Field names are the GraphQL argument names (issue 14)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sharepool.web.errors import IdempotentForm


class OnboardForm(IdempotentForm):
    """The API's `onboardCommunity(input: OnboardCommunityInput)`, with its idempotency key."""

    slug = forms.CharField(
        label=_("Address"),
        max_length=100,
        help_text=_("Lowercase letters, digits and hyphens: the community's site is <address>.<platform>."),
    )
    name = forms.CharField(label=_("Community name"), max_length=100)
    population = forms.IntegerField(label=_("Residents"), required=False, min_value=1, max_value=10_000_000)
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    adminUsername = forms.CharField(label=_("Administrator's username"), max_length=150, initial="admin")
    streetOffice = forms.CharField(
        label=_("Street office"), max_length=100, required=False, help_text=_("Operators only.")
    )

    def __init__(self, *args, operator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not operator:
            del self.fields["streetOffice"]
        self.fields["slug"].widget.attrs.update(autocapitalize="none", autocomplete="off")
        self.fields["population"].widget.attrs.update(inputmode="numeric")


class StreetOfficeForm(forms.Form):
    """The API's `createStreetOffice(name, district)`."""

    name = forms.CharField(label=_("Street office"), max_length=100)
    district = forms.CharField(label=_("District"), max_length=100, required=False)


class StaffAccountForm(forms.Form):
    """The API's `createStreetOfficeStaff(streetOfficeId, username, password)`."""

    streetOfficeId = forms.ChoiceField(label=_("Street office"))
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput,
        help_text=_("Leave empty to have one generated and shown once."),
    )

    def __init__(self, *args, offices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["streetOfficeId"].choices = [(office.id, office.name) for office in offices]
        self.fields["username"].widget.attrs.update(autocapitalize="none", autocomplete="off")
        self.fields["password"].widget.attrs.update(autocomplete="new-password")
