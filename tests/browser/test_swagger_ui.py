"""A person uses Swagger UI, in headless Chromium, against a live server.

They find every endpoint listed, sign up, log in, paste the token into "Authorize" and
call GET /me. Runs only when BROWSER_BASE_URL is set: `.ci/browser_test.sh URL`.
"""

import json
import os
import uuid
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser
if not os.environ.get("BROWSER_BASE_URL"):
    pytest.skip("needs a live server: set BROWSER_BASE_URL", allow_module_level=True)

from playwright.sync_api import Locator, Page, expect

# A sign-up hashes with Argon2 on a shared CI machine: allow more than Playwright's 5 seconds.
expect.set_options(timeout=15_000)

PASSWORD = "12341234"
ENDPOINTS = [
    ("post", "/signup"),
    ("post", "/login"),
    ("post", "/token/refresh"),
    ("post", "/logout"),
    ("post", "/logout/all"),
    ("get", "/me"),
    ("delete", "/me"),
    ("post", "/me/password"),
    ("patch", "/admin/users/{id}/roles"),
    ("get", "/health"),
]


def open_swagger(page: Page, origin: str) -> None:
    page.goto(f"{origin}/swagger")
    expect(page.get_by_role("heading", name="JWT Authentication API")).to_be_visible()


def operation(page: Page, method: str, path: str) -> Locator:
    """One operation's block, found by the method and path a person reads on it."""
    path_label = page.locator(f".opblock-summary-path[data-path='{path}']")
    return page.locator(f".opblock-{method}").filter(has=path_label)


def try_it_out(page: Page, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    """Open the operation, press "Try it out", type the body, press "Execute", read the response."""
    block = operation(page, method, path)
    block.locator(".opblock-summary-control").click()
    block.get_by_role("button", name="Try it out").click()
    if body is not None:
        block.locator("textarea.body-param__text").fill(json.dumps(body))
    block.get_by_role("button", name="Execute").click()
    response = block.locator(".live-responses-table .response")
    expect(response).to_be_visible()
    status = int(response.locator(".response-col_status").inner_text())
    return status, json.loads(response.locator(".highlight-code pre").first.inner_text())


def collapse(page: Page, method: str, path: str) -> None:
    """Fold an operation away once done with it, as a person tidies the page."""
    operation(page, method, path).locator(".opblock-summary-control").click()


def authorize(page: Page, token: str) -> None:
    """Press "Authorize", paste the token as bearerAuth, apply it and close the dialog."""
    page.locator(".auth-wrapper").get_by_role("button", name="Authorize").click()
    dialog = page.locator(".modal-ux")
    scheme = dialog.locator(".auth-container").filter(has_text="bearerAuth")
    scheme.get_by_role("textbox").fill(token)  # the "Value:" field; its accessible name is an id
    scheme.get_by_role("button", name="Apply credentials").click()
    expect(scheme.get_by_role("heading", name="Authorized", exact=True)).to_be_visible()
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()


def outside_requests(urls: list[str], origin: str) -> list[str]:
    """Requests that went anywhere but the server under test (data: and blob: stay in the page)."""
    server = urlsplit(origin).netloc
    in_page = ("data", "blob")
    return [
        url
        for url in urls
        if urlsplit(url).scheme not in in_page and urlsplit(url).netloc != server
    ]


def test_a_person_signs_up_logs_in_authorizes_and_sees_their_profile(
    page, swagger_origin, requested_urls
):
    open_swagger(page, swagger_origin)
    for method, path in ENDPOINTS:
        expect(operation(page, method, path), f"{method.upper()} {path} is listed").to_be_visible()

    username = f"swagger-{uuid.uuid4().hex[:10]}"
    signup = {"username": username, "password": PASSWORD, "nickname": "Mentos"}
    status, member = try_it_out(page, "post", "/signup", signup)
    assert (status, member) == (201, {"username": username, "nickname": "Mentos"})
    collapse(page, "post", "/signup")

    status, tokens = try_it_out(
        page, "post", "/login", {"username": username, "password": PASSWORD}
    )
    assert status == 200, tokens
    collapse(page, "post", "/login")

    authorize(page, tokens["token"])
    status, profile = try_it_out(page, "get", "/me")
    assert status == 200, profile
    assert profile["username"] == username

    assert outside_requests(requested_urls, swagger_origin) == [], (
        "assets must come from the server itself"
    )
