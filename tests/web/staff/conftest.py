import itertools

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from sharepool.tenants.audit.models import CommunityAuditEntry
from sharepool.tenants.members.models import Member, MemberEvent
from tests.tenants.cast import World, seed_world, tenant_state

_numbers = itertools.count(1)


@pytest.fixture
def world(beizhan, minle) -> World:
    return seed_world(beizhan, minle)


def members_state() -> dict:
    """What the console can change about members in the current schema, for "nothing changed" assertions."""
    return {
        "members": sorted(
            Member.objects.values_list(
                "id", "status", "role", "member_number", "rejection_reason", "phone", "display_name"
            )
        ),
        "member_events": MemberEvent.objects.count(),
        "audit": CommunityAuditEntry.objects.count(),
        **tenant_state(),
    }


def applicant(name: str, *, phone: str = "13912345678") -> Member:
    """An application as /join/ leaves it (the members app's registration is tested on its own)."""
    user = get_user_model().objects.create(username=f"{connection.schema_name}-applicant-{next(_numbers)}")
    return Member.objects.create(user=user, display_name=name, phone=phone, status=Member.Status.PENDING)
