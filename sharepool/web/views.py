"""Server-rendered pages. Each view reads through domain code and renders; no business logic here."""

from django.shortcuts import render

from sharepool.platform.communities.models import Community
from sharepool.tenants.members.models import Member


def platform_home(request):
    communities = Community.objects.filter(status=Community.Status.ACTIVE).select_related("street_office")
    return render(request, "web/platform_home.html", {"communities": communities.order_by("slug")[:50]})


def community_home(request):
    members = Member.objects.filter(status=Member.Status.ACTIVE).count()
    return render(
        request, "web/community_home.html", {"community": request.community, "active_members": members}
    )
