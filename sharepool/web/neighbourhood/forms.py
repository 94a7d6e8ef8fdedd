"""The neighbourhood's forms: field names are the GraphQL argument names (OrganisationInput)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from sharepool.tenants.neighbourhood.models import CommunityOrganisation, Estate
from sharepool.web.widgets import PlainSelect


class OrganisationForm(forms.Form):
    """registerCommunityOrganisation / editCommunityOrganisation: the domain checks every value again."""

    name = forms.CharField(label=_("Name"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=CommunityOrganisation.Kind.choices)
    registrationNumber = forms.CharField(label=_("Registration number"), required=False, max_length=50)
    leader = forms.CharField(label=_("Leader"), required=False, max_length=50)
    contact = forms.CharField(label=_("Contact"), required=False, max_length=100)
    founded = forms.DateField(
        label=_("Founded"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    # No min_value: out of range is the domain's members_count_invalid, as through the API.
    membersCount = forms.IntegerField(
        label=_("Members"), required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    collectiveMemberId = forms.TypedChoiceField(
        label=_("As a collective member of the time bank"), coerce=int, required=False, empty_value=None
    )
    federatedOrganisationId = forms.TypedChoiceField(
        label=_("In the street office's federation"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, collective_members=(), federation=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["collectiveMemberId"].choices = [("", "—"), *collective_members]
        self.fields["federatedOrganisationId"].choices = [("", "—"), *federation]


class FederationForm(forms.Form):
    """registerOrganisationInFederation: what the federation reads about the organisation (optional)."""

    description = forms.CharField(
        label=_("Description for the federation"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_federation_%s")
        super().__init__(*args, **kwargs)


class BuildingSearchForm(forms.Form):
    search = forms.CharField(label=_("Building or estate"), required=False, max_length=50)


class DissolveForm(forms.Form):
    """dissolveCommunityOrganisation: the day it was dissolved."""

    on = forms.DateField(label=_("Dissolved on"), widget=forms.DateInput(attrs={"type": "date"}))


class BuildingForm(forms.Form):
    """createBuilding, and confirmBuilding for a building made from a member's free text."""

    estateId = forms.IntegerField(label=_("Estate or urban village"), widget=PlainSelect)
    name = forms.CharField(label=_("Name"), max_length=100)
    # No bounds here: a negative count is the domain's refusal, as through the API.
    households = forms.IntegerField(
        label=_("Households"), required=False, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )

    def __init__(self, *args, estates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["estateId"].widget.choices = list(estates)


class EstateForm(forms.Form):
    """createEstate: a gated estate, an urban village or a public-housing estate."""

    name = forms.CharField(label=_("Name of the estate or village"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=Estate.Kind.choices)
    address = forms.CharField(label=_("Street address"), max_length=200, required=False)
