"""The settings every test runs with: production's, with a fast password hasher and WhiteNoise's scan of
the static files kept between test clients (tests/static_files.py).

PBKDF2's rounds cost ~0.3 s per password and most tests onboard two communities, each with a hashed
admin password; the tests are about other things than the hasher's strength. Still Django's hashers.
"""

from sharepool.platform.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# The collected static files scanned once per process, not once per test client (tests/static_files.py).
MIDDLEWARE = [
    "tests.static_files.WhiteNoiseScannedOnce"
    if name == "whitenoise.middleware.WhiteNoiseMiddleware"
    else name
    for name in MIDDLEWARE  # noqa: F405
]
assert "tests.static_files.WhiteNoiseScannedOnce" in MIDDLEWARE
