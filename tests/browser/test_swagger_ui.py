"""A person uses Swagger UI, in headless Chromium, against a live server.

They find every endpoint listed, sign up, log in, paste the token into "Authorize" and
call GET /me. Then a member turns on a second factor and walks the two-step login: the
password gets MFA_REQUIRED with an mfa_token, the code gets the tokens, "Authorize".
Runs only when BROWSER_BASE_URL is set: `.ci/browser_test.sh URL`.
"""

import json
import os
import time
import uuid
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser
if not os.environ.get("BROWSER_BASE_URL"):
    pytest.skip("needs a live server: set BROWSER_BASE_URL", allow_module_level=True)

import httpx
import pyotp
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
    ("post", "/login/mfa"),
    ("post", "/me/mfa/totp"),
    ("post", "/me/mfa/totp/confirm"),
    ("get", "/me/sessions"),
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


def member_with_a_second_factor(username: str) -> pyotp.TOTP:
    """Made through the API itself, not the page: the page's part is the two-step login."""
    with httpx.Client(base_url=os.environ["BROWSER_BASE_URL"], timeout=30) as api:
        body = {"username": username, "password": PASSWORD, "nickname": "Mentos"}
        assert api.post("/signup", json=body).status_code == 201
        credentials = {"username": username, "password": PASSWORD}
        bearer = {"Authorization": f"Bearer {api.post('/login', json=credentials).json()['token']}"}
        secret = api.post("/me/mfa/totp", json={"password": PASSWORD}, headers=bearer).json()
        app = pyotp.TOTP(secret["secret"])
        confirmed = api.post("/me/mfa/totp/confirm", json={"code": app.now()}, headers=bearer)
        assert confirmed.status_code == 200, confirmed.text
    return app


def test_a_member_with_a_second_factor_logs_in_in_two_steps(page, swagger_origin):
    username = f"swagger-mfa-{uuid.uuid4().hex[:8]}"
    app = member_with_a_second_factor(username)
    open_swagger(page, swagger_origin)

    credentials = {"username": username, "password": PASSWORD}
    status, refusal = try_it_out(page, "post", "/login", credentials)
    assert status == 403, refusal
    assert refusal["error"]["code"] == "MFA_REQUIRED" and refusal["error"]["expires_in"] == 300
    collapse(page, "post", "/login")

    # The code of the next 30-second step: the step of the enrolment's code is spent, and one
    # step of drift is allowed, so this is accepted whenever in the current step it is sent.
    code = app.at(time.time() + 30)
    second_step = {"mfa_token": refusal["error"]["mfa_token"], "code": code}
    status, tokens = try_it_out(page, "post", "/login/mfa", second_step)
    assert status == 200, tokens
    collapse(page, "post", "/login/mfa")

    authorize(page, tokens["token"])
    status, profile = try_it_out(page, "get", "/me")
    assert status == 200, profile
    assert profile["mfa"] == {"totp": True, "recovery_codes_remaining": 10}
    collapse(page, "get", "/me")

    status, devices = try_it_out(page, "get", "/me/sessions")
    assert status == 200, devices
    assert [session["current"] for session in devices["sessions"]].count(True) == 1
