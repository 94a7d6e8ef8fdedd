"""Settings, read from the environment (ARCHITECTURE.md, issue #2).

Production sets DATABASE_URL, REDIS_URL, PLATFORM_DOMAIN, SECRET_KEY and DEBUG=0; with nothing set, the
platform runs on an embedded PostgreSQL and eager Celery so that a fresh machine needs no services.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from sharepool.platform.embedded_db import embedded_database_settings

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "sharepool"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-sharepool-0123456789-abcdefghijklmnopqrstuvwxyz"

PLATFORM_DOMAIN = os.environ.get("PLATFORM_DOMAIN", "localhost").strip().lower()
# The platform domain itself and every community subdomain under it.
ALLOWED_HOSTS = [PLATFORM_DOMAIN, f".{PLATFORM_DOMAIN}"]
if DEBUG:
    ALLOWED_HOSTS += ["127.0.0.1", "testserver"]
PLATFORM_URL_SCHEME = os.environ.get("PLATFORM_URL_SCHEME", "http" if DEBUG else "https")
PLATFORM_PORT = os.environ.get("PLATFORM_PORT", "8000" if DEBUG else "")

# ---------------------------------------------------------------------------------------------
# Applications: public schema (shared) and community schemas (tenant)
SHARED_APPS = [
    "django_tenants",
    "sharepool.platform.communities",
    "sharepool.platform.federation",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    # Django's database sessions, with the signed-in user's id on the row (issue 12).
    "sharepool.credentials.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    # WhiteNoise serves static files under runserver too, as in production (issue 12).
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Before graphene_django: its GraphiQL template is overridden to load our vendored assets, not a CDN.
    "sharepool.web",
    "sharepool.web.staff",  # issue 14: the workers' console, its templates and catalogue beside it
    "graphene_django",
    "sharepool.credentials",
    "sharepool.core",
    "sharepool.platform.accounts",
    "sharepool.graphql",
    "sharepool.platform.billing",
    "sharepool.demo",
    "sharepool.platform.audit",  # issue 11: the federation's and the platform's audit trail
]
TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    # Each community's sessions in its own schema.
    "sharepool.credentials.sessions",
    "sharepool.tenants.members",
    # issue 4: the time bank
    "sharepool.tenants.ledger",
    "sharepool.tenants.timebank",
    "sharepool.tenants.activities",
    "sharepool.tenants.recognition",
    "sharepool.tenants.stats",
    "sharepool.tenants.notifications",
    # issue 13: buildings, organisations and the resident council
    "sharepool.tenants.neighbourhood",
    "sharepool.tenants.council",
    "sharepool.tenants.audit",  # issue 11: community staff actions
]
INSTALLED_APPS = list(SHARED_APPS) + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "communities.Community"
TENANT_DOMAIN_MODEL = "communities.Domain"
PUBLIC_SCHEMA_URLCONF = "sharepool.platform.urls_platform"
ROOT_URLCONF = "sharepool.platform.urls_community"
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]
# Ready schemas kept for instant onboarding (sharepool.platform.communities.schema_pool).
SCHEMA_POOL_SIZE = int(os.environ.get("SCHEMA_POOL_SIZE", "3"))
# Issue `SET search_path` once per connection and tenant instead of before every cursor: half the round
# trips of a ledger confirmation (benchmarks/ledger_throughput.py). Safe with this django-tenants: its
# rollback() and savepoint_rollback() forget the cached path, since PostgreSQL undoes a SET on rollback.
TENANT_LIMIT_SET_CALLS = True

MIDDLEWARE = [
    "sharepool.platform.health.HealthzMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files on any host, before the tenant lookup: no query for a stylesheet.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sharepool.platform.hosts.HostTenantMiddleware",
    "sharepool.platform.monitoring.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "sharepool.platform.language.QueryLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, handing the session (read with its user) to the backend (sharepool/credentials/sessions/).
    "sharepool.credentials.sessions.middleware.AuthenticationMiddleware",
    "sharepool.platform.hosts.SessionBelongsToTenantMiddleware",
    # request.member: the signed-in member of this community, resolved once (sharepool/web/auth.py).
    "sharepool.web.auth.MemberMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sharepool.web.context.layout",
                "sharepool.web.staff.context.console",
            ],
        },
    },
]
WSGI_APPLICATION = "sharepool.platform.wsgi.application"

# ---------------------------------------------------------------------------------------------
# Database: DATABASE_URL, or the embedded PostgreSQL
DATA_DIR = Path(os.environ.get("SHAREPOOL_DATA_DIR", BASE_DIR / "var"))
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    _database = dj_database_url.parse(DATABASE_URL, conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")))
else:
    _database = embedded_database_settings(DATA_DIR / "pgdata")
    _database["CONN_MAX_AGE"] = 0
_database["ENGINE"] = "django_tenants.postgresql_backend"
# No CONN_HEALTH_CHECKS: its `SELECT 1` before each request's first query was one of five statements on
# an API call (issue 15). A connection the database dropped fails that one request with a 503 and is
# closed at its end (Django closes a connection that erred and is no longer usable).
_database.setdefault("OPTIONS", {})["connect_timeout"] = 5
# A web connection is closed after serving this many different communities, whatever its age: a backend
# keeps ~189 KiB of catalog per community it touched (sharepool/platform/connection_recycling.py).
# migrate_schemas migrates many communities in this many processes (one per core is the most that helps).
TENANT_MULTIPROCESSING_MAX_PROCESSES = int(os.environ.get("MIGRATION_PROCESSES", str(os.cpu_count() or 1)))
CONN_MAX_COMMUNITIES = int(os.environ.get("CONN_MAX_COMMUNITIES", "100"))
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------------------------
# Celery: Redis when REDIS_URL is set, eager in-process otherwise
REDIS_URL = os.environ.get("REDIS_URL", "")
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# A task is acknowledged when it ends, so a worker killed mid-task leaves it unacknowledged; Redis hands
# it out again after the visibility timeout, Kombu's default one hour (issue #10). The hard time limit
# bounds our longest task, so a task still unacknowledged after twice that limit belongs to a dead worker
# and is redelivered (tests/faults/test_killed_worker.py). Every task is idempotent, so a redelivery can
# only repeat work that then changes nothing. No task is queued with an ETA or countdown, which the
# visibility timeout would also cut short.
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
# CELERY_VISIBILITY_TIMEOUT (seconds) overrides it, for a deployment whose longest task differs and for the
# fault test that kills a whole worker and waits for the redelivery.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", 2 * CELERY_TASK_TIME_LIMIT))
}
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A community still `provisioning` this long after it was asked for lost its onboarding task (its
# redelivery after the visibility timeout above has long passed) and is removed, freeing its slug.
ONBOARDING_TIMEOUT_MINUTES = 30
# With the broker down, a send fails after one quick retry instead of Celery's default three: the task
# waits in the outbox (sharepool/core/background.py) and the request that asked is not held up.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Shanghai"
# Celery closes the database connection around every task unless told to reuse it: reconnecting cost
# ~40 ms a task here (benchmarks/tasks.py). Reconnect every 100 tasks instead.
CELERY_DB_REUSE_MAX = 100
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The worker logs through LOGGING below (JSON in production, with community and task id), not its own setup.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# The cache: which community a host names (communities/host_cache.py). Shared through Redis when there
# is one, so a change is seen at once by every process; process memory for a lone development server.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs must not hang requests: the host cache falls back to the database.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Parts of the pages rendered once by Django's {% cache %} tag (issue 12): the rows of the lists, the activities'
# cards, the layout's menu and footer. Each process keeps its own, keyed by the community's schema (django-tenants'
# make_key) and by every value the part shows, the language and the time zone: a changed value is a new key, so
# nothing is ever invalidated or shared between processes. Parts are kept with no expiry (`{% cache None ... %}`)
# until the least recently read are culled. Nothing of the reader's own session (a CSRF token) is ever inside one.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "template-fragments",
    "KEY_FUNCTION": "django_tenants.cache.make_key",
    "OPTIONS": {"MAX_ENTRIES": 20_000},
}

# ---------------------------------------------------------------------------------------------
# Auth
# One backend, so a failed sign-in hashes once; a session names it (sessions signed in under Django's
# ModelBackend before it was set end at the next request and sign in again).
AUTHENTICATION_BACKENDS = ["sharepool.credentials.backends.SessionUserBackend"]
# Django's database sessions, read with their user in one plain statement (sharepool/credentials/sessions/).
SESSION_ENGINE = "sharepool.credentials.sessions.store"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sharepool.credentials.passwords.NotBlankPasswordValidator"},
]

# API credentials (issue #3): bearer tokens expire; failed logins are limited per account and per address.
API_TOKEN_TTL_SECONDS = int(os.environ.get("API_TOKEN_TTL_SECONDS", str(30 * 24 * 3600)))
LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60
LOGIN_FAILURES_PER_ACCOUNT = 5
LOGIN_FAILURES_PER_ADDRESS = 20
# Reverse proxies whose X-Forwarded-For names the client (sharepool/credentials/addresses.py).
TRUSTED_PROXIES = [ip.strip() for ip in os.environ.get("TRUSTED_PROXIES", "").split(",") if ip.strip()]
# benchmarks/http_paths.py's plain view at /bench/me.json on community hosts; off in production.
BENCHMARK_VIEWS = env_bool("BENCHMARK_VIEWS", False)

# ---------------------------------------------------------------------------------------------
# Language: Chinese first, English available
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS: list[Path] = []  # each app keeps its own locale/ folder
# Our few date formats per language (the month and day of an activity), over Django's own.
FORMAT_MODULE_PATH = ["sharepool.web.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Compressed (gzip) and fingerprinted by `collectstatic`; served by WhiteNoise with far-future caching.
# With DEBUG on (runserver, demo.sh) WhiteNoise serves from the apps' static folders without collectstatic.
# The tests collect once per session into a temporary folder (tests/conftest.py).
# Exports too large to stream in the request (issue 14) are written here by a task, then downloaded.
EXPORTS_ROOT = Path(os.environ.get("EXPORTS_ROOT", BASE_DIR / "var" / "exports"))
EXPORT_IN_BACKGROUND_ROWS = int(os.environ.get("EXPORT_IN_BACKGROUND_ROWS", "5000"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# ---------------------------------------------------------------------------------------------
# Security: per-host cookies (a community's session never reaches another host); HTTPS in production
SESSION_COOKIE_DOMAIN = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# ---------------------------------------------------------------------------------------------
# Third parties
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
# A community whose payment failed stays active this long, then becomes read-only (issue #6).
BILLING_GRACE_PERIOD_DAYS = int(os.environ.get("BILLING_GRACE_PERIOD_DAYS", "14"))
SENTRY_ENVIRONMENT = os.environ.get("SENTRY_ENVIRONMENT", "development" if DEBUG else "production")

# E-mail for notifications: SMTP (EMAIL_HOST...) in production, the console when developing.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", f"noreply@{PLATFORM_DOMAIN}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "sharepool.platform.monitoring.ScrubbingFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(community)s %(request_id)s %(message)s",
        },
        "json": {
            "()": "sharepool.platform.monitoring.ScrubbingJsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(community)s %(request_id)s %(message)s",
        },
    },
    # Every record carries the community and the request (or task) id: see sharepool/platform/monitoring.py.
    "filters": {"context": {"()": "sharepool.platform.monitoring.RequestContextFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain" if DEBUG else "json",
            "filters": ["context"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}

if SENTRY_DSN:
    from sharepool.platform.monitoring import init_sentry

    init_sentry(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT)
