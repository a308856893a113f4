"""docker-compose.yml and the guide agree: the database and Redis that the systemd service uses
through docker compose are published where its settings look for them, and nowhere else."""

import re

import yaml

from tests.deploy.paths import ROOT


def with_defaults(values: list[str]) -> list[str]:
    """The values as compose reads them when no variable is set: ${NAME:-default} is default."""
    return [re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value) for value in values]


def test_the_database_and_redis_are_published_on_loopback_at_the_addresses_the_guide_gives():
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    guide = (ROOT / "docs" / "deploy-ec2.md").read_text()
    section = re.search(
        r"\*\*The compose file's PostgreSQL and Redis on the instance\*\*.*?\n\*\*Redis\*\*",
        guide,
        re.S,
    )
    assert with_defaults(services["db"]["ports"]) == ["127.0.0.1:5432:5432"]
    assert with_defaults(services["redis"]["ports"]) == ["127.0.0.1:6379:6379"]
    assert "DATABASE_URL=postgres://authapi:PASSWORD@127.0.0.1:5432/authapi" in section.group(0)
    assert "REDIS_URL=redis://127.0.0.1:6379/0" in section.group(0)
    assert "up -d db redis" in section.group(0)
