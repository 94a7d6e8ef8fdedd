"""Which community a host names, without a query per request (issue 15).

Resolving the host was a domain-and-community query on every request, 31% of a worker's CPU on an
authenticated API call. The answer is kept in Django's cache (Redis when REDIS_URL is set, so every
process sees one answer; process memory otherwise, for a single development server) and forgotten the
moment a community or a domain is saved or deleted, as Zulip flushes its realm cache on save. A
suspension, an archival or a moved domain is therefore seen by the next request. The entries also
expire after HOST_CACHE_SECONDS, a bound on staleness should a change ever bypass save().
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from sharepool.core.schemas import tenant_connection
from sharepool.platform.communities.models import Community, Domain

logger = logging.getLogger(__name__)

HOST_CACHE_SECONDS = 300


def host_key(hostname: str) -> str:
    return f"sharepool:host:{hostname}"


def community_for_host(hostname: str) -> Community | None:
    """The community serving at `hostname`, whatever its status, or None.

    Only hosts that name a community are kept, so a new community or domain has nothing to forget.
    """
    key = host_key(hostname)
    community = _cached(key)
    if community is None:
        tenant_connection().set_schema_to_public()
        domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        if domain is None:
            return None
        community = domain.tenant
        _cache(key, community)
    return community


# A cache that does not answer (Redis down) costs the query it saves, never the request.
def _cached(key: str):
    try:
        return cache.get(key)
    except Exception:  # whatever the backend raises
        logger.warning("host cache unavailable", exc_info=True)
        return None


def _cache(key: str, value) -> None:
    try:
        cache.set(key, value, HOST_CACHE_SECONDS)
    except Exception:
        logger.warning("host cache unavailable", exc_info=True)


def _forget(keys: list[str]) -> None:
    try:
        cache.delete_many(keys)
    except Exception:
        # The entries then live out HOST_CACHE_SECONDS: logged, so that an operator sees why.
        logger.error("host cache unavailable: %s may answer as before for a while", keys, exc_info=True)


def forget_hosts(hostnames: list[str]) -> None:
    """Forget now, for this transaction's own reads, and again once the change is committed: between the
    two, another request may have cached the row as it was before."""
    keys = [host_key(name) for name in hostnames]
    if keys:
        _forget(keys)
        transaction.on_commit(lambda: _forget(keys))


def forget_community(sender, instance: Community, created: bool = False, **kwargs) -> None:
    if not created:
        forget_hosts(list(Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True)))


def forget_renamed_domain(sender, instance: Domain, **kwargs) -> None:
    if instance.pk is not None:
        forget_hosts(list(Domain.objects.filter(pk=instance.pk).values_list("domain", flat=True)))


def forget_domain(sender, instance: Domain, **kwargs) -> None:
    forget_hosts([instance.domain])


def connect() -> None:
    post_save.connect(forget_community, sender=Community, dispatch_uid="host_cache.community_saved")
    post_delete.connect(forget_community, sender=Community, dispatch_uid="host_cache.community_deleted")
    pre_save.connect(forget_renamed_domain, sender=Domain, dispatch_uid="host_cache.domain_saving")
    post_delete.connect(forget_domain, sender=Domain, dispatch_uid="host_cache.domain_deleted")
