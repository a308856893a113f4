"""A member's authenticator app for the scenarios of other features than second_factor.feature.

pyotp plays the member's phone. Codes are taken on the scenario's clock (@needs-clock),
moved to the start of an hour (start_clock), so no limit window is straddled, and each code
"the app shows" is taken 30 seconds after the one before, as a member waits for a fresh one.
"""

from dataclasses import dataclass, field

import pyotp

from features.steps.clock import WINDOW_START

WRONG_CODE = "000000"


@dataclass
class App:
    secret: str = ""
    recovery_codes: list[str] = field(default_factory=list)
    last_code: str = ""

    def fresh_code(self, clock) -> str:
        clock.advance(30)
        self.last_code = pyotp.TOTP(self.secret).at(clock.now)
        return self.last_code


def start_clock(clock) -> None:
    clock.move_to(WINDOW_START)


def turn_on(api, token: str, password: str, clock) -> App:
    """Add an app and confirm it, as a member does, keeping the recovery codes shown."""
    response = api.post("/me/mfa/totp", {"password": password}, token=token)
    assert response.status == 201, response.raw
    app = App(secret=response.body["secret"])
    response = api.post("/me/mfa/totp/confirm", {"code": app.fresh_code(clock)}, token=token)
    assert response.status == 200, response.raw
    app.recovery_codes = list(response.body["recovery_codes"])
    return app


def log_in_with(api, username: str, password: str, code: str, **kwargs):
    """Both steps of a login: the password, then the code; the response of the second."""
    response = api.post("/login", {"username": username, "password": password}, **kwargs)
    assert response.status == 403, response.raw
    mfa_token = response.body["error"]["mfa_token"]
    return api.post("/login/mfa", {"mfa_token": mfa_token, "code": code}, **kwargs)
