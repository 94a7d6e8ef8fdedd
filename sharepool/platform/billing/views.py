"""The Stripe webhook on the platform host (checkout and portal are GraphQL mutations: startCheckout, openBillingPortal)."""

import logging

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from sharepool.platform.billing.errors import BillingError, BillingErrorCode
from sharepool.platform.billing.services import do_process_stripe_webhook

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
