"""The short code a coordinator shows at an activity; an attendee types it to check themselves in.

Used by community activities (tenants/activities) and by federation project activities alike.
"""

import secrets

CHECK_IN_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed on phones
CHECK_IN_CODE_LENGTH = 6


def new_check_in_code() -> str:
    return "".join(secrets.choice(CHECK_IN_CODE_ALPHABET) for _ in range(CHECK_IN_CODE_LENGTH))


def check_in_code_matches(given: str | None, expected: str) -> bool:
    """Compared in constant time, ignoring case and surrounding spaces.

    As bytes: secrets.compare_digest refuses str with non-ASCII characters (a TypeError, so a 500 for
    a code typed in Chinese).
    """
    if not given or not expected:
        return False
    return secrets.compare_digest(given.strip().upper().encode(), expected.encode())
