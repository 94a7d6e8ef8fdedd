"""The client's address, for the per-address login limit.

Behind a reverse proxy every request comes from the proxy (infra/nginx.conf.example), which appends the
client to X-Forwarded-For. That header is believed only from TRUSTED_PROXIES, reading from its right end
past trusted hops, so a client cannot choose its own address by sending the header itself.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    peer = _valid(request.META.get("REMOTE_ADDR", ""))
    trusted = set(settings.TRUSTED_PROXIES)
    if peer is None or peer not in trusted:
        return peer
    forwarded = [
        _valid(hop) for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()
    ]
    for hop in reversed(forwarded):
        if hop is None:
            return peer  # a malformed chain: fall back to the proxy itself
        if hop not in trusted:
            return hop
    return peer
