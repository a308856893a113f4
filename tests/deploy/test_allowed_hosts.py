"""deploy/allowed_hosts.py: the instance's current names join ALLOWED_HOSTS at every start."""

import subprocess
import sys

from tests.deploy.fake_http import FakeHttp
from tests.deploy.paths import DEPLOY, load_deploy_module

envfile = load_deploy_module("envfile")


def metadata_service(items: dict[str, str]) -> FakeHttp:
    """IMDSv2: a token from PUT /latest/api/token, then items that demand it."""

    def answer(method, path, headers):
        if (method, path) == ("PUT", "/latest/api/token"):
            return 200, "the-token", {}
        item = path.removeprefix("/latest/meta-data/")
        if headers.get("X-aws-ec2-metadata-token") != "the-token":
            return 401, "", {}
        return (200, items[item], {}) if item in items else (404, "", {})

    return FakeHttp(answer)


def start_service(tmp_path, settings: str, metadata_url: str) -> str | None:
    """Run the script as authapi.service's ExecStartPre does; ALLOWED_HOSTS as the service sees it."""
    (tmp_path / "authapi.env").write_text(settings)
    output = tmp_path / "allowed-hosts.env"
    result = subprocess.run(
        [
            sys.executable,
            str(DEPLOY / "allowed_hosts.py"),
            str(tmp_path / "authapi.env"),
            str(output),
            metadata_url,
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    return envfile.parse((tmp_path / "authapi.env").read_text() + output.read_text()).get(
        "ALLOWED_HOSTS"
    )


PRIVATE = {
    "local-hostname": "ip-10-0-1-23.ap-northeast-2.compute.internal",
    "local-ipv4": "10.0.1.23",
}


def test_the_declared_names_come_first_then_the_instance_and_loopback_names(tmp_path):
    items = {
        **PRIVATE,
        "public-hostname": "ec2-3-34-1-1.ap-northeast-2.compute.amazonaws.com",
        "public-ipv4": "3.34.1.1",
    }
    with metadata_service(items) as imds:
        hosts = start_service(
            tmp_path,
            'ALLOWED_HOSTS="api.example, authapi-lb-1.elb.amazonaws.com"\n',
            f"http://127.0.0.1:{imds.port}/latest",
        )
    assert hosts.split(",") == [
        "api.example",
        "authapi-lb-1.elb.amazonaws.com",
        "ec2-3-34-1-1.ap-northeast-2.compute.amazonaws.com",
        "3.34.1.1",
        "ip-10-0-1-23.ap-northeast-2.compute.internal",
        "10.0.1.23",
        "127.0.0.1",
        "localhost",
    ]


def test_after_a_stop_and_start_the_new_public_name_is_allowed_and_the_old_one_is_not(tmp_path):
    seen = []
    for address in ("3.34.1.1", "13.125.9.9"):
        items = {
            **PRIVATE,
            "public-hostname": f"ec2-{address.replace('.', '-')}.compute.amazonaws.com",
            "public-ipv4": address,
        }
        with metadata_service(items) as imds:
            seen.append(
                start_service(
                    tmp_path, "ALLOWED_HOSTS=\n", f"http://127.0.0.1:{imds.port}/latest"
                ).split(",")
            )
    assert "13.125.9.9" in seen[1] and "3.34.1.1" not in seen[1]
    assert "10.0.1.23" in seen[0] and "10.0.1.23" in seen[1]


def test_without_instance_metadata_only_loopback_names_are_added(tmp_path):
    with FakeHttp(lambda *_: (200, "", {})) as closed:
        url = f"http://127.0.0.1:{closed.port}/latest"
    assert (
        start_service(tmp_path, "ALLOWED_HOSTS=api.example\n", url)
        == "api.example,127.0.0.1,localhost"
    )


def test_without_allowed_hosts_in_the_settings_the_application_default_stays(tmp_path):
    assert start_service(tmp_path, "DEBUG=false\n", "http://127.0.0.1:9/latest") is None
