"""Login races (issue 10): concurrent attempts are counted and recorded in one atomic step, so the limits
hold however many arrive at once, per account and per address across every community and the platform.

Before the fix, 12 concurrent wrong passwords for one account were evaluated 9 times against a limit of 5:
each attempt counted the failures, then checked the password, then recorded, so all of them counted the
same few rows.
"""

import threading

from django.db import connection
from django_tenants.utils import schema_context

from sharepool.core.errors import DomainError
from sharepool.credentials.models import AddressLoginAttempt
from sharepool.platform.accounts.models import StaffLoginAttempt
from sharepool.platform.accounts.services import do_login_staff
from sharepool.tenants.members.models import MemberLoginAttempt, MemberToken
from sharepool.tenants.members.services import do_login_member
from tests.conftest import TEST_PASSWORD
from tests.faults.checks import assert_ledger_clean


def run_at_once(calls) -> list[str]:
    """Run each call in its own thread and connection, released together; the code each one answered."""
    barrier = threading.Barrier(len(calls))
    codes: list[str] = []
    lock = threading.Lock()

    def run(call) -> None:
        try:
            barrier.wait()
            call()
            outcome = "ok"
        except DomainError as error:
            outcome = str(error.code)
        except Exception as error:  # reported in the outcome: an exception in a thread would vanish
            outcome = f"crashed: {error!r}"
        finally:
            connection.close()
        with lock:
            codes.append(outcome)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(codes)


def member_login(schema_name: str, username: str, password: str, address: str):
    def call():
        with schema_context(schema_name):
            do_login_member(username=username, password=password, address=address)

    return call


def staff_login(username: str, password: str, address: str):
    def call():
        connection.set_schema_to_public()
        do_login_staff(username=username, password=password, address=address)

    return call


def test_twelve_concurrent_wrong_passwords_are_evaluated_five_times(committed_communities, settings):
    # given: a committed community (threads use their own connections); 12 wrong passwords from 12 addresses
    community = committed_communities("races")
    attempts = [member_login(community.schema_name, "admin", f"wrong-{n}", f"10.20.0.{n}") for n in range(12)]

    # when
    codes = run_at_once(attempts)

    # then: 5 were checked and failed, 7 were refused unchecked; the right password is refused too now
    limit = settings.LOGIN_FAILURES_PER_ACCOUNT
    assert codes == ["invalid_credentials"] * limit + ["too_many_attempts"] * (12 - limit)
    assert run_at_once([member_login(community.schema_name, "admin", TEST_PASSWORD, "10.20.1.1")]) == [
        "too_many_attempts"
    ]
    with schema_context(community.schema_name):
        assert MemberLoginAttempt.objects.filter(succeeded=False).count() == limit
        assert MemberLoginAttempt.objects.filter(succeeded=True).count() == 0
        assert MemberToken.objects.count() == 0
    assert_ledger_clean()


def test_concurrent_right_and_wrong_passwords_never_exceed_the_limit(committed_communities, settings):
    # given: 4 failures already; then 3 right and 3 wrong passwords at once
    community = committed_communities("mixed")
    for n in range(4):
        run_at_once([member_login(community.schema_name, "admin", "wrong", f"10.30.0.{n}")])
    right = [member_login(community.schema_name, "admin", TEST_PASSWORD, f"10.30.1.{n}") for n in range(3)]
    wrong = [member_login(community.schema_name, "admin", "wrong", f"10.30.2.{n}") for n in range(3)]

    # when
    codes = run_at_once(right + wrong)

    # then: one attempt was let through (the fifth); whether it was a right one decides the rest
    with schema_context(community.schema_name):
        failures = MemberLoginAttempt.objects.filter(succeeded=False).count()
        successes = MemberLoginAttempt.objects.filter(succeeded=True).count()
        tokens = MemberToken.objects.count()
    assert codes.count("too_many_attempts") + codes.count("invalid_credentials") + codes.count("ok") == 6
    assert failures <= settings.LOGIN_FAILURES_PER_ACCOUNT
    assert successes == tokens == codes.count("ok")
    assert codes.count("invalid_credentials") == failures - 4


def test_the_address_limit_counts_across_communities_and_the_platform(committed_communities, settings):
    # given: two communities and the platform; a limit of 6 failures per address
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    first, second = committed_communities("addr-one"), committed_communities("addr-two")
    address = "10.40.0.1"
    attempts = [
        *(member_login(first.schema_name, f"guess{n}", "wrong", address) for n in range(4)),
        *(member_login(second.schema_name, f"guess{n}", "wrong", address) for n in range(4)),
        *(staff_login(f"guess{n}", "wrong", address) for n in range(4)),
    ]

    # when: 12 wrong passwords for 12 different accounts, from one address, at once
    codes = run_at_once(attempts)

    # then: 6 checked in all, wherever they were sent; then even a right password from there is refused,
    # and the same account from another address is not
    assert codes == ["invalid_credentials"] * 6 + ["too_many_attempts"] * 6
    assert AddressLoginAttempt.objects.filter(address=address, succeeded=False).count() == 6
    with schema_context(first.schema_name):
        first_failures = MemberLoginAttempt.objects.count()
    with schema_context(second.schema_name):
        second_failures = MemberLoginAttempt.objects.count()
    connection.set_schema_to_public()
    assert first_failures + second_failures + StaffLoginAttempt.objects.count() == 6
    assert run_at_once([member_login(first.schema_name, "admin", TEST_PASSWORD, address)]) == [
        "too_many_attempts"
    ]
    assert run_at_once([member_login(first.schema_name, "admin", TEST_PASSWORD, "10.40.0.2")]) == ["ok"]
