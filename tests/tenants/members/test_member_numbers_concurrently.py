"""Approvals at the same moment never share a member number (the settings row lock serialises them)."""

import threading

from django.contrib.auth import get_user_model
from django.db import connection
from django_tenants.utils import schema_context

from sharepool.tenants.admission.services import do_approve_member
from sharepool.tenants.members.models import Member


def test_simultaneous_approvals_get_consecutive_numbers(committed_communities):
    # given: a committed community with four applicants (threads use their own connections)
    community = committed_communities("numbers")
    with schema_context(community.schema_name):
        admin = Member.objects.get(user__username="admin")
        applicants = [
            Member.objects.create(
                user=get_user_model().objects.create_user(username=f"applicant{n}"), display_name=f"申请人{n}"
            )
            for n in range(4)
        ]
    barrier = threading.Barrier(len(applicants))
    failures = []

    def approve(member_id: int) -> None:
        try:
            with schema_context(community.schema_name):
                barrier.wait()
                do_approve_member(actor=admin, member_id=member_id)
        except Exception as error:  # reported below: an exception in a thread would otherwise vanish
            failures.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=approve, args=(member.id,)) for member in applicants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert failures == []
    with schema_context(community.schema_name):
        assert sorted(Member.objects.values_list("member_number", flat=True)) == [1, 2, 3, 4, 5]
