"""Residents' pages of the neighbourhood and the council (issue 13): what was decided, for which
building, and how far it is. Read-only, server-rendered; they read the domain's rows and render.

Like a notice board in the estate, they show what the council decided and who moved it (display names
only, never a phone number) to anyone on the community's host.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from sharepool.core.ids import parse_id
from sharepool.tenants.council.models import Execution, ExecutionBuilding, Minutes, Motion, Session
from sharepool.tenants.neighbourhood.models import Building, BuildingHead, CommunityOrganisation, Estate


def council_home(request):
    sessions = Session.objects.select_related("council", "chair", "secretary").order_by("-scheduled_at")[:20]
    motions = (
        Motion.objects.filter(kind=Motion.Kind.MAIN)
        .select_related("mover")
        .prefetch_related("votes")
        .order_by("-id")[:50]
    )
    minutes = Minutes.objects.select_related("session").order_by("-session__scheduled_at")[:20]
    return render(
        request,
        "web/council/home.html",
        {"community": request.community, "sessions": sessions, "motions": motions, "minutes": minutes},
    )


def motion_detail(request, motion_id):
    motion = (
        Motion.objects.select_related("mover", "parent", "session")
        .filter(id=parse_id(motion_id) or 0)
        .first()
    )
    if motion is None:
        raise Http404
    execution = Execution.objects.filter(motion=motion).first()
    return render(
        request,
        "web/council/motion.html",
        {
            "community": request.community,
            "motion": motion,
            "texts": motion.texts.order_by("id"),
            "seconders": [s.member for s in motion.seconds.select_related("member").order_by("id")],
            "amendments": motion.amendments.order_by("id"),
            "votes": motion.votes.order_by("id"),
            "execution": execution,
            "execution_buildings": (
                execution.buildings.select_related("building__estate").order_by("building_id")
                if execution
                else []
            ),
            "milestones": execution.milestones.order_by("due_on") if execution else [],
            "events": motion.events.select_related("actor").order_by("id"),
        },
    )


def minutes_detail(request, session_id):
    minutes = (
        Minutes.objects.select_related("session__council")
        .filter(session_id=parse_id(session_id) or 0)
        .first()
    )
    if minutes is None:
        raise Http404
    return render(request, "web/council/minutes.html", {"community": request.community, "minutes": minutes})


def buildings(request):
    estates = Estate.objects.order_by("kind", "id").prefetch_related(
        Prefetch("buildings", queryset=Building.objects.order_by("id"))
    )
    to_confirm = Building.objects.filter(to_confirm=True).count()
    return render(
        request,
        "web/council/buildings.html",
        {"community": request.community, "estates": estates, "to_confirm": to_confirm},
    )


def building_detail(request, building_id):
    building = Building.objects.select_related("estate").filter(id=parse_id(building_id) or 0).first()
    if building is None:
        raise Http404
    heads = BuildingHead.objects.filter(buildings=building, until__isnull=True).select_related("member")
    decided = (
        ExecutionBuilding.objects.filter(building=building)
        .select_related("execution__motion")
        .order_by("-id")
    )
    return render(
        request,
        "web/council/building.html",
        {
            "community": request.community,
            "building": building,
            "heads": heads,
            "executions": decided,
            "motions": building.motions.filter(kind=Motion.Kind.MAIN).order_by("-id"),
        },
    )


def organisations(request):
    rows = CommunityOrganisation.objects.order_by("kind", "id")
    return render(
        request, "web/council/organisations.html", {"community": request.community, "organisations": rows}
    )
