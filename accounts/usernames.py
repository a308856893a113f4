"""What makes two usernames the same name."""

import unicodedata


def username_key(username: str) -> str:
    """The form under which usernames are unique and looked up.

    NFKC folds look-alike code points (full-width letters, ligatures) together and
    `casefold` is Unicode-aware, unlike SQL `LOWER()` on SQLite. Stored in its own
    indexed column, so a login is one exact-match index lookup on every database.
    """
    return unicodedata.normalize("NFKC", username.strip()).casefold()
