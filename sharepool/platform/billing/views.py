"""Billing on the platform host: the Stripe webhook, and checkout and portal for street-office staff."""

import logging

from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sharepool.platform.billing.errors import BillingError, BillingErrorCode
from sharepool.platform.billing.services import (
    do_open_billing_portal,
    do_process_stripe_webhook,
    do_start_checkout,
)
from sharepool.platform.communities.models import Community

logger = logging.getLogger(__name__)


@csrf_exempt  # Stripe signs the body instead
@require_POST
def stripe_webhook(request):
    try:
        outcome = do_process_stripe_webhook(
            payload=request.body, signature=request.headers.get("Stripe-Signature", "")
        )
    except BillingError as error:
        logger.warning("stripe webhook refused: %s", error.code)
        status = 503 if error.code == BillingErrorCode.NOT_CONFIGURED else 400
        return JsonResponse({"code": str(error.code), "message": str(error.message)}, status=status)
    # 200 for a replay and for a type we do not handle too: Stripe stops retrying what we have seen.
    return JsonResponse({"event": outcome.event_id, "outcome": outcome.outcome, "replayed": outcome.replayed})


def access_community_for_billing(user, slug: str) -> Community:
    """The community, if this user pays for it (its street office's staff) or operates the platform.

    The same 404 for "missing" and "not yours" (STYLE.md 6).
    """
    if not user.is_authenticated:
        raise Http404
    communities = Community.objects.filter(slug=slug)
    if not user.is_superuser:
        staff = getattr(user, "street_office_staff", None)
        if staff is None:
            raise Http404
        communities = communities.filter(street_office_id=staff.street_office_id)
    community = communities.first()
    if community is None:
        raise Http404
    return community


def _refusal(error: BillingError) -> JsonResponse:
    return JsonResponse({"code": str(error.code), "message": str(error.message)}, status=400)


@require_POST
def start_checkout(request, slug: str):
    community = access_community_for_billing(request.user, slug)
    back = request.build_absolute_uri(f"/billing/{slug}/")
    try:
        session = do_start_checkout(
            community_id=community.id,
            plan_code=request.POST.get("plan", ""),
            success_url=back + "?paid=1",
            cancel_url=back,
        )
    except BillingError as error:
        return _refusal(error)
    return HttpResponseRedirect(session.url, status=303)


@require_POST
def open_portal(request, slug: str):
    community = access_community_for_billing(request.user, slug)
    try:
        url = do_open_billing_portal(
            community_id=community.id, return_url=request.build_absolute_uri(f"/billing/{slug}/")
        )
    except BillingError as error:
        return _refusal(error)
    return HttpResponseRedirect(url, status=303)
