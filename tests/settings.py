"""The settings every test runs with: production's, with a fast password hasher.

PBKDF2's rounds cost ~0.3 s per password and most tests onboard two communities, each with a hashed
admin password; the tests are about other things than the hasher's strength. Still Django's hashers.
"""

from sharepool.platform.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
