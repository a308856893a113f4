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
    if not _is_trusted(peer):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop):
            return hop if _is_address(hop) else peer
    return peer


def _is_trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True
