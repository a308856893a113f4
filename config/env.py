"""Typed readers for settings that come from environment variables."""

import ipaddress
import os

from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def read_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def read_int(name: str, *, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, not {value}.")
    return value


def read_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def read_networks(name: str, *, default: list[str] | None = None) -> list:
    """Comma-separated addresses or CIDR networks; a malformed entry stops start-up."""
    networks = []
    for entry in read_list(name, default=default or []):
        try:
            networks.append(_unmapped(ipaddress.ip_network(entry, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {entry!r} is not an IP address or network."
            ) from None
    return networks


def _unmapped(network):
    """An IPv4-mapped network (`::ffff:10.0.0.0/104`) as the IPv4 network it stands for.

    Client addresses are compared in IPv4 form (api/addresses.py), so entries must be too.
    """
    mapped = ipaddress.ip_network("::ffff:0:0/96")
    if network.version == 6 and network.subnet_of(mapped):
        return ipaddress.ip_network((network.network_address.ipv4_mapped, network.prefixlen - 96))
    return network


def read_secret(name: str, *, debug: bool, minimum_bytes: int = 0, required: bool = True) -> str:
    """Return a secret from the environment; outside DEBUG, refuse to run without it.

    In DEBUG a missing secret is replaced by a random one for this process only,
    so nothing usable is ever committed as a default. A secret that is not
    `required` may be missing: it is then "".
    """
    value = os.environ.get(name, "")
    if not value:
        if not required:
            return ""
        if not debug:
            raise ImproperlyConfigured(
                f"{name} is not set. Set it in the environment (production) "
                f"or run `make run`, which writes a random one to .env."
            )
        import secrets

        return secrets.token_urlsafe(48)
    if len(value.encode()) < minimum_bytes:
        raise ImproperlyConfigured(f"{name} must be at least {minimum_bytes} bytes long.")
    return value


def refuse_same_secret(name: str, value: str, other_name: str, other_value: str) -> None:
    """Stop start-up when two secrets that must differ are the same; never show either."""
    if value == other_value:
        raise ImproperlyConfigured(
            f"{name} must differ from {other_name}: with one value, a leak of either would let "
            f"anyone sign tokens. Generate a separate random key for each."
        )
