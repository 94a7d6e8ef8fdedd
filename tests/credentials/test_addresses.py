"""Which address the per-address login limit counts."""

from django.test import RequestFactory

from sharepool.credentials.addresses import client_address


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []

    assert client_address(request("203.0.113.7", forwarded="1.2.3.4")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_forwarded_client_counts(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]

    assert client_address(request("10.0.0.2", forwarded="203.0.113.7")) == "203.0.113.7"


def test_a_client_cannot_choose_its_address_by_sending_the_header(settings):
    # given: the client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address
    settings.TRUSTED_PROXIES = ["10.0.0.2"]

    assert client_address(request("10.0.0.2", forwarded="1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_an_untrusted_peer_sending_the_header_is_itself_the_client(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]

    assert client_address(request("198.51.100.9", forwarded="1.2.3.4")) == "198.51.100.9"


def test_a_malformed_chain_falls_back_to_the_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]

    assert client_address(request("10.0.0.2", forwarded="not-an-ip")) == "10.0.0.2"
