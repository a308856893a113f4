"""Add this instance's own names to ALLOWED_HOSTS, afresh at every start of the service.

ALLOWED_HOSTS in the settings file lists the names clients use: a domain, a load balancer's
DNS name, an Elastic IP. To those this adds the instance's public and private DNS names and
addresses, read from the instance metadata (IMDSv2), then 127.0.0.1 and localhost for checks
on the instance. Read at every start, not once at first boot: an instance stopped and started
without an Elastic IP gets a new public name and address, and a frozen list would answer 400.
A load balancer's health check names the private address, which this keeps in the list too.

authapi.service runs it as root before gunicorn (ExecStartPre=) and reads its output as a
second EnvironmentFile=, whose ALLOWED_HOSTS wins:

    python3 allowed_hosts.py SETTINGS_FILE OUTPUT_FILE [METADATA_URL]

It never stops the start: without instance metadata (not on EC2) only the loopback names are
added. With ALLOWED_HOSTS absent from the settings file the output is empty, so the
application's own default applies. Standard library only.
"""

import sys
import urllib.request
from pathlib import Path

import envfile

METADATA_URL = "http://169.254.169.254/latest"
ITEMS = ("public-hostname", "public-ipv4", "local-hostname", "local-ipv4")
LOOPBACK = ("127.0.0.1", "localhost")


def instance_names(metadata_url: str) -> list[str]:
    """The instance's names and addresses; none when there is no metadata service."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy
    ask_token = urllib.request.Request(
        f"{metadata_url}/api/token",
        method="PUT",
        headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"},
    )
    try:
        with opener.open(ask_token, timeout=2) as response:
            token = response.read().decode()
    except OSError:
        return []
    names = []
    for item in ITEMS:
        request = urllib.request.Request(
            f"{metadata_url}/meta-data/{item}", headers={"X-aws-ec2-metadata-token": token}
        )
        try:
            with opener.open(request, timeout=2) as response:
                value = response.read().decode().strip()
        except OSError:  # an instance without a public address has no public-* items
            continue
        if value:
            names.append(value)
    return names


def merged(declared: str, instance: list[str]) -> str:
    names = [name.strip() for name in declared.split(",") if name.strip()]
    for name in [*instance, *LOOPBACK]:
        if name not in names:
            names.append(name)
    return ",".join(names)


def main(argv: list[str]) -> int:
    settings_file, output = Path(argv[0]), Path(argv[1])
    metadata_url = argv[2] if len(argv) > 2 else METADATA_URL
    settings = envfile.parse(settings_file.read_text(encoding="utf-8"))
    if "ALLOWED_HOSTS" not in settings:
        envfile.write_private(output, "")
        return 0
    hosts = merged(settings["ALLOWED_HOSTS"], instance_names(metadata_url))
    envfile.write_private(output, f"ALLOWED_HOSTS={envfile.quote(hosts)}\n")
    print(f"ALLOWED_HOSTS={hosts}")  # in the journal, beside the service's own start-up lines
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
