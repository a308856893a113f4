"""What makes two usernames the same name."""

import hashlib
import unicodedata


def username_key(username: str) -> str:
    """The form under which usernames are unique and looked up.

    NFKC folds look-alike code points (full-width letters, ligatures) together and
    `casefold` is Unicode-aware, unlike SQL `LOWER()` on SQLite. The folded name is
    stored as its SHA-256, because folding can lengthen a name up to eighteen-fold
    (U+FDFA), past what a database index entry may hold; the digest is always 64
    characters, so a login stays one exact-match index lookup on every database.
    """
    folded = unicodedata.normalize("NFKC", username.strip()).casefold()
    return hashlib.sha256(folded.encode()).hexdigest()
