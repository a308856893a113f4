"""What unit tests send as a client, and read back from headers."""

PASSWORD = "correct-horse-battery-7"
NEW_PASSWORD = "another-horse-battery-8"
WRONG_PASSWORD = "not-the-password-9"


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def listed(header_value: str) -> set[str]:
    """The items of a comma-separated header, in lower case."""
    return {item.strip().lower() for item in header_value.split(",")}
