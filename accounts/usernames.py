"""What makes two usernames the same name, and how a typed name may appear in the audit trail."""

import hashlib
import unicodedata

from django.utils.crypto import salted_hmac

# Separates the audit trail's key from every other use of SECRET_KEY (salted_hmac derives it).
AUDIT_KEY_SALT = "accounts.usernames.audit"


def username_key(username: str) -> str:
    """The form under which usernames are unique and looked up.

    NFKC folds look-alike code points (full-width letters, ligatures) together and
    `casefold` is Unicode-aware, unlike SQL `LOWER()` on SQLite. The folded name is
    stored as its SHA-256, because folding can lengthen a name up to eighteen-fold
    (U+FDFA), past what a database index entry may hold; the digest is always 64
    characters, so a login stays one exact-match index lookup on every database.
    """
    return hashlib.sha256(_folded(username).encode()).hexdigest()


def username_fingerprint(username: str) -> str:
    """The typed name as the audit trail shows it: an HMAC of the folded name, keyed from SECRET_KEY.

    Equal names (in any letter case or width) give equal fingerprints, so lines about one
    name correlate. An unkeyed hash would not do: anyone reading the trail could hash a
    dictionary and recover what was typed, such as a password typed as the username.
    """
    return salted_hmac(AUDIT_KEY_SALT, _folded(username), algorithm="sha256").hexdigest()


def _folded(username: str) -> str:
    return unicodedata.normalize("NFKC", username.strip()).casefold()
