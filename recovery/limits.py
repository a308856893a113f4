"""The limits on mail and codes, counted like the login limits (accounts/limits.py).

The only module here that reads accounts' limits, so a move of them changes one import.
"""

from django.conf import settings

from accounts.limits import Limit
from api.exceptions import TooManyRequests


def count_reset_request(*, address: str) -> None:
    """Raises TooManyRequests (429) past the limit: one client asking again and again."""
    _reset_requests_per_address().count(address)


def reset_mail_allowed(*, user_id: int) -> bool:
    """Counts a reset mail to the member; False past the limit, which no response may show."""
    try:
        Limit(
            "reset_mails_per_member",
            settings.PASSWORD_RESET_LIMIT_PER_MEMBER,
            settings.MAIL_LIMIT_WINDOW,
        ).count(str(user_id))
    except TooManyRequests:
        return False
    return True


def count_email_change(*, user_id: int) -> None:
    """Each change sends a mail to an address of the member's choosing: not without end."""
    Limit(
        "email_changes_per_member",
        settings.EMAIL_CHANGE_LIMIT_PER_MEMBER,
        settings.MAIL_LIMIT_WINDOW,
    ).count(str(user_id))


def count_code_attempt(*, address: str) -> None:
    _code_attempts_per_address().count(address)


def code_attempt_succeeded(*, address: str) -> None:
    """Only failures add up, as for logins: a code that worked takes its count back."""
    _code_attempts_per_address().take_back(address)


def _reset_requests_per_address() -> Limit:
    return Limit(
        "reset_requests_per_address",
        settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
        settings.MAIL_LIMIT_WINDOW,
    )


def _code_attempts_per_address() -> Limit:
    return Limit(
        "code_attempts_per_address", settings.CODE_LIMIT_PER_ADDRESS, settings.CODE_LIMIT_WINDOW
    )
