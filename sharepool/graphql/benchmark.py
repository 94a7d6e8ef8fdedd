"""A plain JSON view doing the ORM work of `{ me { ... } }`, measured beside it by benchmarks/http_paths.py.

Routed only when settings.BENCHMARK_VIEWS is on (never in production URLs otherwise).
"""

from django.http import JsonResponse

from sharepool.graphql.core.auth import bearer_token
from sharepool.tenants.members.services import member_for_token


def plain_me(request):
    text = bearer_token(request)
    found = member_for_token(text) if text else None
    if found is None:
        return JsonResponse({"me": None}, status=401)
    member, _token = found
    return JsonResponse(
        {
            "me": {
                "id": str(member.id),
                "memberNumber": member.member_number,
                "displayName": member.display_name,
                "role": member.role.upper(),
                "status": member.status.upper(),
                "building": member.building.name if member.building_id else "",
                "unit": member.unit,
                "phone": member.phone,
                "username": member.user.username,
            }
        },
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )
