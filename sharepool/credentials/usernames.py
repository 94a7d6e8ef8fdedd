"""One account per username after NFKC normalisation and case folding (issue 10).

`ZhaoFang` next to `zhaofang`, or a fullwidth `ｚｈａｏｆａｎｇ`, would be two accounts that people (and
support staff reading a name aloud) cannot tell apart. The folded form is PostgreSQL's
`lower(normalize(username, NFKC))`: the same expression backs a unique index on each community's
auth_user (members migration 0003), so the check below and the index can never disagree, and two
concurrent registrations cannot both win.
"""

import unicodedata

from django.db.models import F, Func, Value
from django.db.models.functions import Lower

FOLDED_USERNAME_INDEX = "auth_user_username_folded_uniq"


class NormalizeNFKC(Func):
    function = "normalize"
    template = "%(function)s(%(expressions)s, NFKC)"


def folded(expression):
    """The folded form of a username expression, as the unique index computes it."""
    return Lower(NormalizeNFKC(expression))


def normalized_username(text: str) -> str:
    """What is stored: NFKC, as Django's own normalize_username, without surrounding spaces."""
    return unicodedata.normalize("NFKC", text).strip()


def username_is_taken(user_model, username: str) -> bool:
    return (
        user_model.objects.alias(folded=folded(F("username"))).filter(folded=folded(Value(username))).exists()
    )
