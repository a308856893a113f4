"""The second factor as accounts sees it: three questions, answered by a policy plugged in.

Logging in and the actions that matter must ask "does this member need a second
factor?", but second factors live in an app of their own (mfa), which imports
accounts and never the reverse. So accounts asks its questions here, and the
answer is "no second factor" until that app plugs in its own policy at start-up
(mfa/apps.py), the way accounts registers its errors with api.envelope.
"""

from accounts.models import User


class SecondFactor:
    """No second factor: the password is the whole account."""

    def check_login(self, user: User, *, address: str) -> None:
        """Raise MfaRequired, carrying a half-login token, if the password alone is not enough."""

    def check_step_up(
        self, user: User, *, code: str | None, address: str, session_id: str | None
    ) -> None:
        """Raise MfaRequired (no code) or InvalidCode (a wrong one) unless `code` proves the factor."""


_policies: list[SecondFactor] = [SecondFactor()]


def use(policy: SecondFactor) -> None:
    """Answer accounts' questions with `policy` from now on."""
    _policies[0] = policy


def policy() -> SecondFactor:
    return _policies[0]
