"""Onboarding a community: the one domain function behind the CLI, the admin and the GraphQL API."""

import hashlib
import json
import re
import secrets
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypedDict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _
from psycopg import errors

from sharepool.core.background import queue_on_commit
from sharepool.core.schemas import tenant_connection
from sharepool.core.text import check_model_texts, check_text
from sharepool.platform.communities.errors import OnboardingError, OnboardingErrorCode
from sharepool.platform.communities.models import Community, Domain, OnboardingReceipt, StreetOffice
from sharepool.platform.communities.provisioning import install_community_schema
from sharepool.platform.communities.tasks import finish_onboarding_task

SLUG_MIN_LENGTH = 3
SLUG_MAX_LENGTH = 40
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = frozenset(
    {
        "www",
        "api",
        "admin",
        "public",
        "platform",
        "static",
        "media",
        "mail",
        "smtp",
        "ftp",
        "graphql",
        "healthz",
        "status",
        "help",
        "support",
        "docs",
        "billing",
        "stripe",
        "webhooks",
        "assets",
        "cdn",
        "dev",
        "test",
        "staging",
        "app",
        "auth",
        "login",
        "root",
        "system",
        "template",
        "federation",
    }
)


@dataclass(frozen=True)
class OnboardedCommunity:
    community_id: int
    slug: str
    name: str
    schema_name: str
    domain: str
    url: str
    admin_username: str
    admin_password: str | None  # None on a replay that has already shown it (do_onboard_community_once)
    status: str = "active"


def community_url(domain: str) -> str:
    port = f":{settings.PLATFORM_PORT}" if settings.PLATFORM_PORT else ""
    return f"{settings.PLATFORM_URL_SCHEME}://{domain}{port}/"


def community_domain(slug: str) -> str:
    return f"{slug}.{settings.PLATFORM_DOMAIN}"


def schema_name_for(slug: str) -> str:
    # Slugs are [a-z0-9-]; hyphens become underscores and the prefix keeps community schemas apart from
    # PostgreSQL's own (pg_*, information_schema) and ours (public, _template, _ready_*).
    return "c_" + slug.replace("-", "_")


def check_slug(slug: str) -> None:
    if len(slug) < SLUG_MIN_LENGTH:
        raise OnboardingError(
            OnboardingErrorCode.SLUG_TOO_SHORT,
            _("The address must be at least %(n)d characters long.") % {"n": SLUG_MIN_LENGTH},
            field="slug",
        )
    if len(slug) > SLUG_MAX_LENGTH:
        raise OnboardingError(
            OnboardingErrorCode.SLUG_TOO_LONG,
            _("The address must be at most %(n)d characters long.") % {"n": SLUG_MAX_LENGTH},
            field="slug",
        )
    if not SLUG_PATTERN.match(slug):
        raise OnboardingError(
            OnboardingErrorCode.SLUG_INVALID,
            _("The address may hold only lowercase letters, digits and single hyphens between them."),
            field="slug",
        )
    if slug in RESERVED_SLUGS:
        raise OnboardingError(OnboardingErrorCode.SLUG_RESERVED, _("This address is reserved."), field="slug")


def check_onboard_community(*, slug: str, name: str, street_office_name: str, population: int | None) -> None:
    check_slug(slug)
    if not name.strip():
        raise OnboardingError(OnboardingErrorCode.NAME_REQUIRED, _("A community needs a name."), field="name")
    if not street_office_name.strip():
        raise OnboardingError(
            OnboardingErrorCode.STREET_OFFICE_REQUIRED, _("Name the street office."), field="streetOffice"
        )
    if population is not None and not (0 < population <= 10_000_000):
        raise OnboardingError(
            OnboardingErrorCode.POPULATION_INVALID,
            _("The population must be a whole number between 1 and 10,000,000."),
            field="population",
        )
    if Community.objects.filter(slug=slug).exists():
        raise OnboardingError(
            OnboardingErrorCode.SLUG_TAKEN, _("A community with this address already exists."), field="slug"
        )


def check_onboarding_input(
    *,
    slug: str,
    name: str,
    street_office_name: str,
    population: int | None,
    district: str,
    admin_username: str,
    admin_password: str | None,
    admin_display_name: str | None,
) -> None:
    """Everything onboarding checks before its first write, whether it runs at once or as a task."""
    check_onboard_community(
        slug=slug, name=name, street_office_name=street_office_name, population=population
    )
    check_model_texts(Community, name=name, district=district)
    check_text(
        street_office_name.strip(),
        field="streetOffice",
        max_length=StreetOffice._meta.get_field("name").max_length,
    )
    check_text(admin_username, field="adminUsername", max_length=150)  # Django's username column
    check_text(admin_password, field="adminPassword")
    check_text(admin_display_name, field="adminDisplayName", max_length=100)


@dataclass(frozen=True)
class OnboardingRequest:
    """Onboarding input, checked and completed: what both ways of onboarding start from."""

    slug: str
    name: str
    street_office_name: str
    population: int | None
    district: str
    admin_username: str
    admin_password: str
    admin_display_name: str

    @property
    def domain(self) -> str:
        return community_domain(self.slug)


def prepare_onboarding(
    *,
    slug: str,
    name: str,
    street_office_name: str,
    population: int | None,
    district: str,
    admin_username: str,
    admin_password: str | None,
    admin_display_name: str | None,
) -> OnboardingRequest:
    """Every check onboarding makes before its first write, the admin's password included, in one place,
    so that onboarding at once and onboarding as a task refuse the same input with the same codes."""
    slug = slug.strip()
    name = name.strip()
    check_onboarding_input(
        slug=slug,
        name=name,
        street_office_name=street_office_name,
        population=population,
        district=district,
        admin_username=admin_username,
        admin_password=admin_password,
        admin_display_name=admin_display_name,
    )
    password = admin_password or secrets.token_urlsafe(12)
    try:
        validate_password(password, get_user_model()(username=admin_username))
    except ValidationError as error:
        raise OnboardingError(
            OnboardingErrorCode.ADMIN_PASSWORD_INVALID, " ".join(error.messages), field="adminPassword"
        ) from error
    return OnboardingRequest(
        slug=slug,
        name=name,
        street_office_name=street_office_name,
        population=population,
        district=district,
        admin_username=admin_username,
        admin_password=password,
        admin_display_name=admin_display_name or str(_("Administrator")),
    )


@contextmanager
def slug_taken_on_conflict():
    """The slug check before the writes can lose a race with a concurrent onboarding of the same slug: the
    unique row (or the schema already renamed) then says so, and the caller hears the same code."""
    try:
        yield
    except (IntegrityError, errors.DuplicateSchema) as error:
        raise OnboardingError(
            OnboardingErrorCode.SLUG_TAKEN, _("A community with this address already exists."), field="slug"
        ) from error


def create_community_rows(request: OnboardingRequest, *, status: str) -> Community:
    """The community's public-schema rows (street office, community, domain), in the caller's transaction."""
    street_office, _created = StreetOffice.objects.get_or_create(
        name=request.street_office_name.strip(), defaults={"district": request.district}
    )
    community = Community.objects.create(
        schema_name=schema_name_for(request.slug),
        slug=request.slug,
        name=request.name,
        street_office=street_office,
        district=request.district or street_office.district,
        population=request.population,
        status=status,
    )
    Domain.objects.create(domain=request.domain, tenant=community, is_primary=True)
    return community


def onboarded(request: OnboardingRequest, community: Community) -> OnboardedCommunity:
    return OnboardedCommunity(
        community_id=community.id,
        slug=request.slug,
        name=request.name,
        schema_name=community.schema_name,
        domain=request.domain,
        url=community_url(request.domain),
        admin_username=request.admin_username,
        admin_password=request.admin_password,
        status=community.status,
    )


def onboard_community(
    *,
    slug: str,
    name: str,
    street_office_name: str,
    population: int | None = None,
    district: str = "",
    admin_username: str = "admin",
    admin_password: str | None = None,
    admin_display_name: str | None = None,
) -> OnboardedCommunity:
    """Create a community: its schema, domain, settings and first admin, all or nothing.

    Everything (the schema rename included: PostgreSQL DDL is transactional) happens in one
    transaction, so a failure at any step leaves no schema and no rows.
    """
    request = prepare_onboarding(
        slug=slug,
        name=name,
        street_office_name=street_office_name,
        population=population,
        district=district,
        admin_username=admin_username,
        admin_password=admin_password,
        admin_display_name=admin_display_name,
    )
    try:
        with slug_taken_on_conflict(), transaction.atomic():
            community = create_community_rows(request, status=Community.Status.ACTIVE)
            install_community_schema(
                community,
                admin_username=request.admin_username,
                admin_password=request.admin_password,
                admin_display_name=request.admin_display_name,
            )
    finally:
        tenant_connection().set_schema_to_public()
    return onboarded(request, community)


def do_start_onboarding(
    *,
    slug: str,
    name: str,
    street_office_name: str,
    population: int | None = None,
    district: str = "",
    admin_username: str = "admin",
    admin_password: str | None = None,
    admin_display_name: str | None = None,
) -> OnboardedCommunity:
    """Onboarding as a task (issue #6): answer at once with the community in `provisioning`.

    The task `communities.finish_onboarding` gives it its schema and makes it `active`. Only the hash
    of the admin's password goes through the broker.
    """
    request = prepare_onboarding(
        slug=slug,
        name=name,
        street_office_name=street_office_name,
        population=population,
        district=district,
        admin_username=admin_username,
        admin_password=admin_password,
        admin_display_name=admin_display_name,
    )
    with slug_taken_on_conflict(), transaction.atomic():
        community = create_community_rows(request, status=Community.Status.PROVISIONING)
        queue_on_commit(
            finish_onboarding_task,
            community_id=community.id,
            admin_username=request.admin_username,
            admin_password_hash=make_password(request.admin_password),
            admin_display_name=request.admin_display_name,
        )
    return onboarded(request, community)


def onboarding_fingerprint(**parameters) -> str:
    text = json.dumps(parameters, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


class OnboardingParameters(TypedDict):
    """onboard_community()'s arguments, as one request fingerprints and replays them."""

    slug: str
    name: str
    street_office_name: str
    population: int | None
    district: str
    admin_username: str
    admin_password: str | None
    admin_display_name: str | None


def do_onboard_community_once(
    *,
    requested_by_id: int,
    idempotency_key: str,
    slug: str,
    name: str,
    street_office_name: str,
    population: int | None = None,
    district: str = "",
    admin_username: str = "admin",
    admin_password: str | None = None,
    admin_display_name: str | None = None,
) -> OnboardedCommunity:
    """`onboard_community` under an idempotency key (issue #10): asked again with the same key and the same
    parameters, it answers what the first call made (the generated admin password shown this once more)
    instead of `slug_taken`; with other parameters, `idempotency_key_reused`, changing nothing.

    The key is locked for the whole transaction, so two concurrent calls with it make one community.
    """
    check_text(idempotency_key, field="idempotencyKey", max_length=100)
    if not idempotency_key.strip():
        raise OnboardingError(
            OnboardingErrorCode.IDEMPOTENCY_KEY_INVALID,
            _("The idempotency key is empty."),
            field="idempotencyKey",
        )
    parameters: OnboardingParameters = {
        "slug": slug.strip(),
        "name": name.strip(),
        "street_office_name": street_office_name.strip(),
        "population": population,
        "district": district,
        "admin_username": admin_username,
        "admin_password": admin_password,
        "admin_display_name": admin_display_name,
    }
    fingerprint = onboarding_fingerprint(**parameters)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))",
                [f"onboarding:{requested_by_id}:{idempotency_key}"],
            )
        receipt = (
            OnboardingReceipt.objects.select_related("community")
            .filter(requested_by_id=requested_by_id, idempotency_key=idempotency_key)
            .first()
        )
        if receipt is not None:
            if receipt.fingerprint != fingerprint:
                raise OnboardingError(
                    OnboardingErrorCode.IDEMPOTENCY_KEY_REUSED,
                    _("This idempotency key was already used for another request."),
                    field="idempotencyKey",
                )
            # A password the caller chose is in the caller's request again; a generated one was kept.
            shown_again = admin_password or receipt.admin_password
            if receipt.admin_password:
                receipt.admin_password = ""
                receipt.save(update_fields=["admin_password"])
            community = receipt.community
            return OnboardedCommunity(
                community_id=community.id,
                slug=community.slug,
                name=community.name,
                schema_name=community.schema_name,
                domain=community_domain(community.slug),
                url=community_url(community_domain(community.slug)),
                admin_username=receipt.admin_username,
                admin_password=shown_again or None,
                status=community.status,
            )
        result = onboard_community(**parameters)
        OnboardingReceipt.objects.create(
            requested_by_id=requested_by_id,
            idempotency_key=idempotency_key,
            fingerprint=fingerprint,
            community_id=result.community_id,
            admin_username=result.admin_username,
            # Only a generated password is kept (until shown again); never one the caller chose.
            admin_password="" if admin_password else result.admin_password or "",
        )
    return result
