"""The answers this app gives to accounts' second-factor questions (accounts/second_factor.py)."""

from accounts.exceptions import MfaRequired
from accounts.models import User
from accounts.second_factor import SecondFactor
from mfa import codes, half_logins


class TotpPolicy(SecondFactor):
    """A member with TOTP on needs a code to log in and for the actions that matter."""

    def check_login(self, user: User, *, address: str) -> None:
        # The summary on the member's row changes with the device in one transaction
        # (mfa/services.py), and the login has read it already: no query for most members.
        if user.second_factor and codes.confirmed_device(user) is not None:
            token = half_logins.begin(user)
            raise MfaRequired(mfa_token=token, expires_in=half_logins.LIFETIME)

    def check_step_up(
        self, user: User, *, code: str | None, address: str, session_id: str | None
    ) -> None:
        if codes.confirmed_device(user) is None:
            return
        if not code:
            raise MfaRequired()
        codes.check_code(user=user, code=code, address=address, session_id=session_id)
