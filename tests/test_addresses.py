from ipaddress import ip_network

import pytest
from django.test import RequestFactory

from accounts.limits import count_signup
from api.addresses import client_address, counted_address
from api.exceptions import TooManyRequests


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


def test_a_trusted_proxy_arriving_ipv4_mapped_is_trusted(settings):
    """Bound on [::], gunicorn sees a local proxy as ::ffff:127.0.0.1."""
    settings.TRUSTED_PROXIES = [ip_network("127.0.0.1")]
    assert client_address(request_from("::ffff:127.0.0.1", "203.0.113.1")) == "203.0.113.1"


def test_an_ipv4_mapped_client_is_its_ipv4_address(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from("::ffff:198.51.100.7")) == "198.51.100.7"


def test_an_ipv4_mapped_hop_is_its_ipv4_address(settings):
    settings.TRUSTED_PROXIES = [ip_network("10.0.0.0/8")]
    forwarded = "::ffff:203.0.113.1, ::ffff:10.0.0.9"
    assert client_address(request_from("10.0.0.2", forwarded)) == "203.0.113.1"


@pytest.mark.parametrize(
    "written, spelling",
    [
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("2001:db8::1", "2001:db8::1"),
    ],
)
def test_one_ipv6_address_has_one_spelling(settings, written, spelling):
    settings.TRUSTED_PROXIES = []
    assert client_address(request_from(written)) == spelling


def test_a_unix_socket_peer_is_the_trusted_proxy_when_configured(settings):
    """Behind nginx on a unix socket, gunicorn leaves REMOTE_ADDR empty."""
    settings.TRUSTED_PROXY_UNIX_SOCKET = True
    assert client_address(request_from("", "203.0.113.1")) == "203.0.113.1"


def test_a_unix_socket_peer_is_not_trusted_by_default(settings):
    assert client_address(request_from("", "203.0.113.1")) == ""


def test_trusting_the_unix_socket_trusts_no_network_peer(settings):
    settings.TRUSTED_PROXY_UNIX_SOCKET = True
    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


@pytest.mark.django_db  # a scrape reads the mail outbox's size
def test_metrics_are_refused_to_a_remote_client_behind_a_local_proxy_on_a_dual_stack_bind(
    client, settings
):
    settings.TRUSTED_PROXIES = [ip_network("127.0.0.1")]
    remote = {"REMOTE_ADDR": "::ffff:127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.1"}
    assert client.get("/metrics", **remote).status_code == 404
    local = {"REMOTE_ADDR": "::ffff:127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1"}
    assert client.get("/metrics", **local).status_code == 200


@pytest.mark.parametrize(
    "address, counted",
    [
        ("2001:db8:0:66::1", "2001:db8:0:66::/64"),
        ("2001:db8:0:66:ffff:ffff:ffff:ffff", "2001:db8:0:66::/64"),
        ("198.51.100.7", "198.51.100.7"),
        ("", ""),
    ],
)
def test_limits_count_ipv6_by_its_64(address, counted):
    assert counted_address(address) == counted


def test_the_prefix_length_counted_is_a_setting(settings):
    settings.IPV6_LIMIT_PREFIX_LENGTH = 48
    assert counted_address("2001:db8:1:66::1") == "2001:db8:1::/48"
    settings.IPV6_LIMIT_PREFIX_LENGTH = 128
    assert counted_address("2001:db8:1:66::1") == "2001:db8:1:66::1/128"


@pytest.mark.django_db
def test_signups_from_one_ipv6_64_share_one_limit(settings):
    settings.SIGNUP_LIMIT_PER_ADDRESS = 2
    count_signup(address="2001:db8:0:66::1")
    count_signup(address="2001:db8:0:66::2")
    with pytest.raises(TooManyRequests):
        count_signup(address="2001:db8:0:66::3")
    count_signup(address="2001:db8:0:67::1")  # the next /64 is another client
