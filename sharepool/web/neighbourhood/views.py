"""Buildings, their heads and what the council decided for them; the community's organisations (issue 13).

Pages read through tenants/neighbourhood/reads.py and tenants/council/reads.py, the functions the GraphQL
queries call; registering or editing an organisation calls the domain function of its mutation. Every
member reads them, as through the API (VIEW_MEMBERS); community workers register and edit.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.core.paging import CountingPaginator
from sharepool.tenants.council.reads import decisions_for_building
from sharepool.tenants.members.permissions import CommunityPermission, has_permission
from sharepool.tenants.neighbourhood import reads
from sharepool.tenants.neighbourhood.services import (
    OrganisationDetails,
    do_confirm_building,
    do_create_building,
    do_create_estate,
    do_dissolve_community_organisation,
    do_edit_community_organisation,
    do_register_community_organisation,
    do_register_organisation_in_federation,
    load_organisation,
)
from sharepool.web.auth import member_required, permission_required
from sharepool.web.errors import add_domain_error
from sharepool.web.neighbourhood.forms import (
    BuildingForm,
    BuildingSearchForm,
    DissolveForm,
    EstateForm,
    FederationForm,
    OrganisationForm,
)

PAGE_SIZE = 40


@member_required
def building_list(request):
    form = BuildingSearchForm(request.GET)
    search = form.cleaned_data["search"] if form.is_valid() else ""
    try:
        rows = reads.buildings(search=search or None)
    except DomainError as error:
        add_domain_error(form, error)
        rows = reads.buildings().none()
    page = CountingPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    mine = request.member.building_id
    context = {
        "form": form,
        "page": page,
        "mine": mine,
        "manages": has_permission(request.member, CommunityPermission.MANAGE_NEIGHBOURHOOD),
    }
    return render(request, "web/neighbourhood/building_list.html", context)


def estate_choices() -> list[tuple[int, str]]:
    return [(estate.id, estate.name) for estate in reads.estates()]


@permission_required(CommunityPermission.MANAGE_NEIGHBOURHOOD)
def building_new(request):
    """A worker adds a building to an estate (createBuilding)."""
    form = BuildingForm(request.POST or None, estates=estate_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            building = do_create_building(
                actor=request.member,
                estate_id=data["estateId"],
                name=data["name"],
                households=data["households"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("web-neighbourhood:building", building.id)
    return render(request, "web/neighbourhood/building_form.html", {"form": form, "building": None})


@permission_required(CommunityPermission.MANAGE_NEIGHBOURHOOD)
def estate_new(request):
    """A worker adds an estate or urban village (createEstate); its buildings are added after."""
    form = EstateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_create_estate(actor=request.member, **form.cleaned_data)
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("web-neighbourhood:building-new")
    return render(
        request, "web/neighbourhood/estate_form.html", {"form": form}, status=400 if form.errors else 200
    )


@permission_required(CommunityPermission.MANAGE_NEIGHBOURHOOD)
def building_confirm(request, building_id: int):
    """A worker confirms a building made from a member's free text (confirmBuilding): its estate and its
    proper name; when that building exists already, its members move to it."""
    building = reads.building_by_id(building_id)
    if building is None or not building.to_confirm:
        raise Http404
    initial = {"name": building.name, "households": building.households}
    form = BuildingForm(request.POST or None, initial=initial, estates=estate_choices())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            confirmed = do_confirm_building(
                actor=request.member,
                building_id=building.id,
                estate_id=data["estateId"],
                name=data["name"],
                households=data["households"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("web-neighbourhood:building", confirmed.id)
    return render(request, "web/neighbourhood/building_form.html", {"form": form, "building": building})


@member_required
def building_detail(request, building_id: int):
    """A building's head, and what the council decided for it and how far it is: what its residents read."""
    building = reads.building_by_id(building_id)
    if building is None:
        raise Http404
    context = {
        "building": building,
        "decisions": decisions_for_building(building.id),
        "mine": request.member.building_id == building.id,
    }
    return render(request, "web/neighbourhood/building_detail.html", context)


@member_required
def organisation_list(request):
    context = {
        "groups": reads.organisations_by_kind(),
        "manages": has_permission(request.member, CommunityPermission.MANAGE_NEIGHBOURHOOD),
    }
    return render(request, "web/neighbourhood/organisation_list.html", context)


def details_of(data: dict) -> OrganisationDetails:
    """The form's values, the links to a collective member and to the federation's organisation included."""
    return OrganisationDetails(
        name=data["name"],
        kind=data["kind"],
        registration_number=data["registrationNumber"],
        leader=data["leader"],
        contact=data["contact"],
        founded=data["founded"],
        members_count=data["membersCount"],
        collective_member_id=data["collectiveMemberId"],
        federated_organisation_id=data["federatedOrganisationId"],
    )


def link_choices() -> dict:
    """What an organisation may be linked to: a collective member here, an organisation of the federation."""
    return {
        "collective_members": [(m.id, m.display_name) for m in reads.collective_members()],
        "federation": [(card.id, card.name) for card in reads.federation_organisations()],
    }


@permission_required(CommunityPermission.MANAGE_NEIGHBOURHOOD)
def organisation_new(request):
    form = OrganisationForm(request.POST or None, **link_choices())
    if request.method == "POST" and form.is_valid():
        try:
            do_register_community_organisation(actor=request.member, details=details_of(form.cleaned_data))
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("web-neighbourhood:organisations")
    return render(request, "web/neighbourhood/organisation_form.html", {"form": form, "organisation": None})


@permission_required(CommunityPermission.MANAGE_NEIGHBOURHOOD)
def organisation_edit(request, organisation_id: int):
    try:
        organisation = load_organisation(organisation_id)
    except DomainError:
        raise Http404 from None
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "registrationNumber": organisation.registration_number,
        "leader": organisation.leader,
        "contact": organisation.contact,
        "founded": organisation.founded,
        "membersCount": organisation.members_count,
        "collectiveMemberId": organisation.collective_member_id,
        "federatedOrganisationId": organisation.federated_organisation_id,
    }
    form = OrganisationForm(request.POST or None, initial=initial, **link_choices())
    if request.method == "POST" and form.is_valid():
        try:
            do_edit_community_organisation(
                actor=request.member,
                organisation_id=organisation.id,
                details=details_of(form.cleaned_data),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("web-neighbourhood:organisations")
    return organisation_form_page(request, form, organisation)


def organisation_form_page(request, form, organisation, dissolve_form=None, federation_form=None):
    context = {
        "form": form,
        "organisation": organisation,
        "dissolve_form": dissolve_form or DissolveForm(),
        "federation_form": federation_form or FederationForm(),
        # Registering acts for the community in the federation: workers and admins (the domain checks again).
        "may_register_in_federation": has_permission(request.member, CommunityPermission.REPRESENT_COMMUNITY),
    }
    status = 400 if federation_form is not None and federation_form.errors else 200
    return render(request, "web/neighbourhood/organisation_form.html", context, status=status)


@require_POST
@permission_required(CommunityPermission.MANAGE_NEIGHBOURHOOD)
def organisation_dissolve(request, organisation_id: int):
    """The organisation is dissolved (it stays listed, marked so); a refusal is shown on the edit page."""
    try:
        organisation = load_organisation(organisation_id)
    except DomainError:
        raise Http404 from None
    form = DissolveForm(request.POST)
    if form.is_valid():
        try:
            do_dissolve_community_organisation(
                actor=request.member, organisation_id=organisation.id, on=form.cleaned_data["on"]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("web-neighbourhood:organisations")
    edit = OrganisationForm(initial={"name": organisation.name, "kind": organisation.kind}, **link_choices())
    return organisation_form_page(request, edit, organisation, dissolve_form=form)


@require_POST
@permission_required(CommunityPermission.MANAGE_NEIGHBOURHOOD, CommunityPermission.REPRESENT_COMMUNITY)
def organisation_federation(request, organisation_id: int):
    """The organisation joins the street office's federation in one step (registerOrganisationInFederation);
    a refusal is shown on the edit page, nothing written on either side."""
    try:
        organisation = load_organisation(organisation_id)
    except DomainError:
        raise Http404 from None
    form = FederationForm(request.POST)
    if form.is_valid():
        try:
            do_register_organisation_in_federation(
                actor=request.member,
                organisation_id=organisation.id,
                description=form.cleaned_data["description"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("web-neighbourhood:organisation-edit", organisation.id)
    initial = {
        "name": organisation.name,
        "kind": organisation.kind,
        "federatedOrganisationId": organisation.federated_organisation_id,
    }
    edit = OrganisationForm(initial=initial, **link_choices())
    return organisation_form_page(request, edit, organisation, federation_form=form)
