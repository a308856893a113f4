from ipaddress import ip_network

import pytest
from django.test import RequestFactory

from api.addresses import client_address


def request_from(peer: str, forwarded: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


def test_without_trusted_proxies_the_peer_is_the_client(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_forwarded_for_is_believed_from_a_trusted_proxy(settings):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    assert client_address(request_from("10.0.0.2", "203.0.113.1")) == "203.0.113.1"


def test_the_rightmost_untrusted_hop_is_the_client(settings):
    # The leftmost entry is whatever the client chose to send; it proves nothing.
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    request = request_from("10.0.0.2", "1.2.3.4, 203.0.113.1, 10.0.0.9")
    assert client_address(request) == "203.0.113.1"


@pytest.mark.parametrize("forwarded", ["", "not-an-ip", "  ,  "])
def test_nonsense_forwarded_for_falls_back_to_the_peer(settings, forwarded):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.2")]
    assert client_address(request_from("10.0.0.2", forwarded)) == "10.0.0.2"
