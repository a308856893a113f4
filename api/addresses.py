"""Which address a request comes from: the one place addresses are read and normalised.

Everything that names or counts a client (the guessing limits, the audit trail, who may
read the metrics) takes its address from here, so all agree on one spelling:

- An IPv4 client of a dual-stack socket (bound on `[::]`) arrives as `::ffff:a.b.c.d`;
  it is the IPv4 address `a.b.c.d`. A scope (`fe80::1%eth0`) is dropped, and IPv6 is
  written in its compressed form, so one address has one spelling.
- A peer on a unix socket has no address (gunicorn leaves REMOTE_ADDR empty). Behind a
  proxy on that socket, TRUSTED_PROXY_UNIX_SOCKET says the peer is that trusted proxy.
- Limits count IPv6 clients by their network (`counted_address`): one host commonly
  holds a whole /64.
"""

import ipaddress

from django.conf import settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def client_address(request) -> str:
    """The client's address, looking through trusted proxies only.

    `X-Forwarded-For` is set by whoever sends the request, so it is believed only
    when the direct peer is a configured proxy (TRUSTED_PROXIES); then the
    rightmost address that is not itself a trusted proxy is the client.
    """
    peer_text = request.META.get("REMOTE_ADDR", "")
    peer = parse_ip(peer_text)
    shown = str(peer) if peer is not None else peer_text
    if not _is_trusted_proxy(peer, peer_text):
        return shown
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
        ip = parse_ip(hop)
        if ip is None:
            return shown  # nonsense where an address belongs: believe nothing further left
        if not in_networks(ip, settings.TRUSTED_PROXIES):
            return str(ip)
    return shown


def parse_ip(text: str) -> IPAddress | None:
    """The address in `text`, normalised (IPv4-mapped to IPv4, no scope), or None if it is not one."""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return None
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip.scope_id is not None:
            return ipaddress.IPv6Address(text.partition("%")[0])
    return ip


def in_networks(ip, networks) -> bool:
    """Whether `ip` (None: no address) lies in one of `networks`."""
    return ip is not None and any(ip in network for network in networks)


def counted_address(address: str) -> str:
    """What a per-address limit counts for `address`: IPv6 by its network, IPv4 as it is.

    The network's prefix length is IPV6_LIMIT_PREFIX_LENGTH (64 unless set), as a host
    given an IPv6 /64 can choose any address in it.
    """
    ip = parse_ip(address)
    if ip is None or ip.version == 4:
        return address
    network = ipaddress.IPv6Network((ip, settings.IPV6_LIMIT_PREFIX_LENGTH), strict=False)
    return str(network)


def _is_trusted_proxy(peer: IPAddress | None, peer_text: str) -> bool:
    if peer is None:
        return not peer_text and settings.TRUSTED_PROXY_UNIX_SOCKET
    return in_networks(peer, settings.TRUSTED_PROXIES)
