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
    if not _is_trusted(_ip(peer)):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
        ip = _ip(hop)
        if not _is_trusted(ip):
            return hop if ip is not None else peer
    return peer


def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(ip) -> bool:
    return ip is not None and any(ip in network for network in settings.TRUSTED_PROXIES)
