"""What the other domains tell members, composed in one place (issue 6: proposal, confirmation, dispute,
milestone). Each is called inside the transaction that made the change, with a key, so a retried or replayed
operation tells the member once; delivery is queued on commit by do_notify.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from sharepool.tenants.notifications.models import Kind
from sharepool.tenants.notifications.services import do_notify


def hours(minutes: int) -> str:
    return f"{minutes / 60:g}"


def announce_exchange_proposed(exchange) -> None:
    # The party who did not propose is the one who has to answer.
    other = exchange.recipient if exchange.proposed_by_id == exchange.provider_id else exchange.provider
    proposer = exchange.provider if other is exchange.recipient else exchange.recipient
    # Stored text is written in the community's language (Chinese first); members read it later, anywhere.
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(name)s proposed an exchange with you. Accept it or let it lapse.") % {
            "name": proposer.display_name
        }
    do_notify(
        member_id=other.id, kind=Kind.EXCHANGE_PROPOSED, body=body, key=f"exchange:{exchange.id}:proposed"
    )


def announce_exchange_confirmed(exchange) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(name)s confirmed your %(hours)s hours of service; they are in your account.") % {
            "name": exchange.recipient.display_name,
            "hours": hours(exchange.minutes),
        }
    do_notify(
        member_id=exchange.provider_id,
        kind=Kind.EXCHANGE_CONFIRMED,
        body=body,
        key=f"exchange:{exchange.id}:confirmed",
    )


def announce_exchange_disputed(exchange) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = _(
            "%(name)s disputed the %(hours)s hours you recorded; a community worker will resolve it."
        ) % {
            "name": exchange.recipient.display_name,
            "hours": hours(exchange.minutes),
        }
    do_notify(
        member_id=exchange.provider_id,
        kind=Kind.EXCHANGE_DISPUTED,
        body=body,
        key=f"exchange:{exchange.id}:disputed",
    )


def announce_milestone(recognition) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        if recognition.kind == "member_number":
            body = _("You are member number %(n)s of our sharing association. Thank you for joining!") % {
                "n": recognition.threshold
            }
        else:
            body = _("You have served %(n)s hours for your neighbours. Thank you!") % {
                "n": recognition.threshold
            }
    do_notify(
        member_id=recognition.member_id,
        kind=Kind.MILESTONE_REACHED,
        body=body,
        key=f"recognition:{recognition.id}",
    )


def announce_application_approved(member) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        body = _("Welcome! Your application is approved: you are member number %(n)s.") % {
            "n": member.member_number
        }
    do_notify(
        member_id=member.id, kind=Kind.APPLICATION_APPROVED, body=body, key=f"member:{member.id}:approved"
    )


def announce_hours_awarded(*, member_id: int, minutes: int, title: str, key: str) -> None:
    """An attendee of an activity (the community's own, or a joint project's it hosts) was credited; `key`
    names the credit, so a replayed award tells them once."""
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(hours)s hours for %(title)s are in your account. Thank you!") % {
            "hours": hours(minutes),
            "title": title,
        }
    do_notify(member_id=member_id, kind=Kind.HOURS_AWARDED, body=body, key=f"award:{key}"[:100])


def announce_hours_from_another_community(
    *, member_id: int, minutes: int, host_name: str, title: str, key: str
) -> None:
    """A resident served in a project activity hosted by another community, which paid them (`key`: the
    credit's idempotency key, so a replayed credit tells them once)."""
    with translation.override(settings.LANGUAGE_CODE):
        body = _("%(hours)s hours from %(community)s for %(title)s are in your account. Thank you!") % {
            "hours": hours(minutes),
            "community": host_name,
            "title": title,
        }
    do_notify(
        member_id=member_id, kind=Kind.HOURS_FROM_ANOTHER_COMMUNITY, body=body, key=f"federation:{key}"[:100]
    )
