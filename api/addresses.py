"""Which address a request comes from."""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    """The client's address, looking through trusted proxies only.

    `X-Forwarded-For` is set by whoever sends the request, so it is believed only
    when the direct peer is a configured proxy (TRUSTED_PROXIES); then the
    rightmost address that is not itself a trusted proxy is the client.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    if not in_networks(parse_ip(peer), settings.TRUSTED_PROXIES):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
        ip = parse_ip(hop)
        if not in_networks(ip, settings.TRUSTED_PROXIES):
            return hop if ip is not None else peer
    return peer


def parse_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address in `text`, or None if it is not one."""
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def in_networks(ip, networks) -> bool:
    """Whether `ip` (None: no address) lies in one of `networks`."""
    return ip is not None and any(ip in network for network in networks)
