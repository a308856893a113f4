"""A sealed headless Chromium for the Swagger UI test: Debian's binary, a fresh profile, no way out.

The browser test runs only when BROWSER_BASE_URL names a live server (see .ci/browser_test.sh).
Playwright is imported inside the fixtures, so the default test install does not need it.
"""

import ipaddress
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[2] / "reports" / "swagger-ui.png"
# The flags under which Chromium is known to start quietly on these machines; without the
# background-networking ones it keeps calling Google's hosts through the closed network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Swagger UI treats pages served from "localhost" or "127.0.0.1" specially (it skips its
# online validator, for one), so the page is opened under a name that looks like a real
# deployment's. The browser's resolver maps that name to the server and resolves no other
# name: an asset fetched from elsewhere fails at once, and is still seen and reported.
PAGE_HOST = "swagger-ui.test"


@pytest.fixture(scope="session")
def swagger_origin() -> str:
    """The origin under which the browser sees the live server named by BROWSER_BASE_URL."""
    parts = urlsplit(os.environ["BROWSER_BASE_URL"])
    return f"{parts.scheme}://{PAGE_HOST}:{parts.port or 80}"


@pytest.fixture(scope="session")
def server_address() -> str:
    host = urlsplit(os.environ["BROWSER_BASE_URL"]).hostname
    address = socket.gethostbyname(host)
    # The test drives a server on this machine only; it never points a browser elsewhere.
    assert ipaddress.ip_address(address).is_loopback, f"{host} is not a loopback address"
    return address


@pytest.fixture
def browser_context(tmp_path, server_address):
    from playwright.sync_api import sync_playwright

    resolver = f"MAP {PAGE_HOST} {server_address}, MAP * ~NOTFOUND, EXCLUDE {server_address}"
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            user_data_dir=tmp_path / "chromium-profile",
            executable_path=CHROMIUM,
            headless=True,
            args=[*CHROMIUM_FLAGS, f"--host-resolver-rules={resolver}"],
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        yield context
        context.close()


@pytest.fixture
def requested_urls(browser_context) -> list[str]:
    """Every URL the browser asks for, in order, including those that fail."""
    urls: list[str] = []
    browser_context.on("request", lambda request: urls.append(request.url))
    return urls


@pytest.fixture
def page(browser_context, requested_urls):
    """The browser's tab. Whatever the outcome, its last screen is kept as a CI artifact."""
    page = browser_context.pages[0] if browser_context.pages else browser_context.new_page()
    yield page
    SCREENSHOT.parent.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOT, full_page=True)
