"""Access tokens this process has already verified, so a token sent again is not checked twice.

A client sends the same access token with every request until it expires, and checking
it (base64, JSON, the signature, every claim) cost more than the database query that
follows it. What is kept is the check's conclusion, the `Token`, under the SHA-256 of the
token's text, so no usable token is held in memory.

What stays exact:

- A kept token is used only inside the window in which it was accepted: from its
  issue time (or `nbf`, if later), less the clock skew allowed, until its expiry. Outside
  it, the token is checked in full again, which refuses it with the same error as ever.
- Only tokens that passed are kept: a forged or broken one is checked in full every
  time and never takes a place. A token spelt with base64 padding (`=`), which PyJWT
  also accepts, is not kept either, so one token takes at most one place. (An ECDSA
  signature has two valid forms; each takes a place of its own.) Whoever fills every
  place with tokens of their own only makes the others checked in full, as before.
- A change to a JWT_* setting (keys, issuer, audience) empties it, so a token signed by
  a key just retired is refused at once. Keys are read from the settings, which change
  only at start-up or in tests.
- Whether the session is still live is never kept: that is the database's answer, on
  every request (accounts.authentication).
"""

import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings

# About 2 MB. Beyond it, the oldest kept are checked in full again when they come back.
MAX_TOKENS = 4096


class VerifiedTokens:
    def __init__(self, max_tokens: int = MAX_TOKENS):
        self.max_tokens = max_tokens
        self._tokens = OrderedDict()
        self._lock = threading.Lock()

    def recall(self, raw_token: str):
        """The token as verified before, if it was and is still inside the time it was valid for."""
        with self._lock:
            kept = self._tokens.get(_digest(raw_token))
        if kept is None:
            return None
        token, valid_from = kept
        if not valid_from - settings.JWT_CLOCK_SKEW <= time.time() < token.expires_at:
            return None
        return token

    def remember(self, raw_token: str, token, *, valid_from: float) -> None:
        """Keep what a full check concluded; `valid_from` is the earliest time it accepts the token."""
        if "=" in raw_token:
            return
        with self._lock:
            self._tokens[_digest(raw_token)] = (token, valid_from)
            while len(self._tokens) > self.max_tokens:
                self._tokens.popitem(last=False)  # the oldest first

    def clear(self) -> None:
        with self._lock:
            self._tokens.clear()

    def __len__(self) -> int:
        return len(self._tokens)


def _digest(raw_token: str) -> bytes:
    return hashlib.sha256(raw_token.encode()).digest()


verified_access_tokens = VerifiedTokens()


def forget_on_jwt_settings_change(*, setting: str, **kwargs) -> None:
    """Receiver of Django's `setting_changed`: keys, issuer and audience decide what verifies."""
    if setting.startswith("JWT_"):
        verified_access_tokens.clear()
