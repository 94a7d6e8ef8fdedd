"""The `display` filter (web/templatetags/sharepool.py) shows what get_FOO_display shows, in either language."""

import pytest
from django.utils import translation

from sharepool.platform.billing.models import Subscription
from sharepool.tenants.activities.models import Activity, SignUp
from sharepool.tenants.council.models import Ballot, Motion, Seat, Vote
from sharepool.tenants.ledger.models import Account, Transfer
from sharepool.tenants.members.models import Member
from sharepool.tenants.notifications.models import NotificationPreference
from sharepool.tenants.timebank.models import Exchange, Offer
from sharepool.web.templatetags.sharepool import display

# Every field a page shows with `display`.
SHOWN = [
    (Account, "kind"),
    (Activity, "status"),
    (Ballot, "choice"),
    (Exchange, "state"),
    (Member, "role"),
    (Member, "status"),
    (Motion, "threshold"),
    (NotificationPreference, "kind"),
    (Offer, "status"),
    (Seat, "kind"),
    (SignUp, "status"),
    (Subscription, "status"),
    (Transfer, "kind"),
    (Vote, "method"),
    (Vote, "question"),
    (Vote, "threshold"),
]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("model", "name"), SHOWN, ids=[f"{m.__name__}.{n}" for m, n in SHOWN])
def test_each_choice_reads_as_get_display_reads_it(model, name, language):
    field = model._meta.get_field(name)
    with translation.override(language):
        for value, _label in field.flatchoices:
            instance = model(**{field.attname: value})
            assert display(instance, name) == instance._get_FIELD_display(field)


def test_a_value_outside_the_choices_shows_as_it_is():
    assert display(Transfer(kind="no_such_kind"), "kind") == "no_such_kind"


def test_a_label_follows_the_language_of_each_page():
    transfer = Transfer(kind=Transfer.Kind.WELCOME)
    with translation.override("zh-hans"):
        chinese = display(transfer, "kind")
    with translation.override("en"):
        english = display(transfer, "kind")
    assert (chinese, english) == ("入会积分", "welcome credit")
