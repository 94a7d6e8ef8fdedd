"""Finding a member the way a community worker asks for them: by name, member number, building or phone
(issue 14). The console's search page and the API's `members(search:)` both read this."""

from django.db.models import Q, QuerySet

from sharepool.tenants.members.models import Member

# Long enough for a name, a building or a full mobile number; longer text finds nobody anyway.
MAX_SEARCH_LENGTH = 50
# Fewer digits match too many phones to mean "this phone" (a member number is matched exactly instead).
MIN_PHONE_DIGITS = 4
MAX_MEMBER_NUMBER = 2**31 - 1


def search_members(text: str = "", *, statuses=None, by_phone: bool = False) -> QuerySet[Member]:
    """Members whose name or building contains the text, whose member number is the text, or (`by_phone`:
    only for those who may see phone numbers, else a search would reveal them) whose phone contains it.
    By member number, then applicants by id (callers load what they show with it)."""
    members = Member.objects.order_by("member_number", "id")
    if statuses is not None:
        members = members.filter(status__in=list(statuses))
    text = " ".join((text or "").split())[:MAX_SEARCH_LENGTH]
    if not text:
        return members
    matches = Q(display_name__icontains=text) | Q(building__name__icontains=text)
    if text.isdigit():
        if int(text) <= MAX_MEMBER_NUMBER:
            matches |= Q(member_number=int(text))
        if by_phone and len(text) >= MIN_PHONE_DIGITS:
            matches |= Q(phone__contains=text)
    return members.filter(matches)
