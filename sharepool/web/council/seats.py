"""Creating a council and seating its voting members (issue 13), for community workers.

`/council/new/` creates the council with its rules, the defaults prefilled (createCouncil);
`/council/<id>/seats/` lists the seats and gives (giveSeat) or ends (endSeat) one. Each POST calls the
domain function its mutation calls; a refusal comes back on the page, in the request's language, and
nothing is written. Everything is a plain form: no script is needed.
"""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from sharepool.core.errors import DomainError
from sharepool.tenants.council import reads
from sharepool.tenants.council import services as council
from sharepool.tenants.council.models import Council
from sharepool.tenants.members.models import Member
from sharepool.tenants.members.permissions import CommunityPermission
from sharepool.web.auth import permission_required
from sharepool.web.council.forms import CouncilForm, GiveSeatForm
from sharepool.web.errors import add_domain_error


@permission_required(CommunityPermission.RUN_COUNCIL)
def new_council(request):
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            created = council.do_create_council(
                actor=request.member,
                name=data["name"],
                seconds_required=data["secondsRequired"],
                quorum=data["quorum"],
                default_threshold=data["defaultThreshold"],
                research_required=data["researchRequired"],
                second_within_days=data["secondWithinDays"],
                speech_seconds=data["speechSeconds"],
                follow_up_days=data["followUpDays"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            return redirect("web-council:seats", created.id)
    return render(request, "web/council/council_new.html", {"form": form}, status=400 if form.errors else 200)


def council_or_404(council_id: int) -> Council:
    found = reads.council_by_id(council_id)
    if found is None:
        raise Http404
    return found


def seats_page(request, body: Council, form: GiveSeatForm | None = None, error: str = ""):
    context = {
        "council": body,
        "seats": reads.current_seats(body),
        "ended": reads.ended_seats(body),
        "quorum": council.quorum_of(body),
        "form": form or GiveSeatForm(),
        "error": error,
    }
    status = 400 if error or (form is not None and form.errors) else 200
    return render(request, "web/council/seats.html", context, status=status)


@permission_required(CommunityPermission.RUN_COUNCIL)
def seats(request, council_id: int):
    return seats_page(request, council_or_404(council_id))


@require_POST
@permission_required(CommunityPermission.RUN_COUNCIL)
def give_seat(request, council_id: int):
    body = council_or_404(council_id)
    form = GiveSeatForm(request.POST)
    if not form.is_valid():
        return seats_page(request, body, form=form)
    number = form.cleaned_data["memberNumber"]
    member_id = Member.objects.filter(member_number=number).values_list("id", flat=True).first()
    try:
        # An unknown number is the domain's member_not_found, as an unknown memberId through the API.
        council.do_give_seat(
            actor=request.member, council_id=body.id, member_id=member_id or 0, kind=form.cleaned_data["kind"]
        )
    except DomainError as error:
        if error.field == "memberId":
            form.add_error("memberNumber", str(error.message))
        else:
            add_domain_error(form, error)
        return seats_page(request, body, form=form)
    return redirect("web-council:seats", body.id)


@require_POST
@permission_required(CommunityPermission.RUN_COUNCIL)
def end_seat(request, council_id: int, seat_id: int):
    body = council_or_404(council_id)
    if not body.seats.filter(id=seat_id).exists():
        raise Http404
    try:
        council.do_end_seat(actor=request.member, seat_id=seat_id)
    except DomainError as error:
        return seats_page(request, body, error=str(error.message))
    return redirect("web-council:seats", body.id)
