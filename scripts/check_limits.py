"""Attack a running server's guessing limits over real HTTP, as an attacker would.

Usage: python scripts/check_limits.py http://127.0.0.1:8000

The server must run with its default login limits (5 / 20 / 100 per 15 minutes) and
trust the caller as a proxy (TRUSTED_PROXIES=127.0.0.1), so that X-Forwarded-For can
play many client addresses. Exits non-zero, saying why, on the first broken promise.

- Guesses sent at the same moment, to whichever workers pick them up, are counted
  exactly: of 20 (and of 50) wrong passwords for one member from one address,
  exactly 5 are checked and the rest refused.
- A flood of failed logins for random usernames from one address neither lifts that
  address's limit nor erases a member's count (nothing is evicted).
- One address cannot keep a member from logging in from another.
"""

import sys
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
from checks import expect

WINDOW = 15 * 60
PASSWORD = "12341234"


class Attack:
    def __init__(self, base_url: str):
        self.base_url = base_url

    def login(self, username: str, password: str, address: str) -> int:
        with httpx.Client(base_url=self.base_url, timeout=60) as client:
            response = client.post(
                "/login",
                json={"username": username, "password": password},
                headers={"X-Forwarded-For": address},
            )
        if response.status_code >= 500:
            sys.exit(f"FAILED: {response.status_code} from /login: {response.text}")
        return response.status_code

    def member(self) -> str:
        username = f"target-{uuid.uuid4().hex[:10]}"
        with httpx.Client(base_url=self.base_url, timeout=60) as client:
            body = {"username": username, "password": PASSWORD, "nickname": "T"}
            response = client.post(
                "/signup", json=body, headers={"X-Forwarded-For": random_address()}
            )
        expect(response.status_code == 201, f"signed up {username}")
        return username

    def together(self, count: int, username: str, address: str) -> Counter:
        with ThreadPoolExecutor(max_workers=count) as pool:
            return Counter(
                pool.map(lambda _: self.login(username, "wrong-password", address), range(count))
            )


def random_address() -> str:
    number = uuid.uuid4().int
    return f"10.{number % 250}.{number // 250 % 250}.{number // 62500 % 250 + 1}"


def in_one_window(check) -> None:
    """Run a check whose counts must fall in one window; once more if it straddled two."""
    for _ in range(2):
        started = time.time()
        outcome = check()
        if int(started // WINDOW) == int(time.time() // WINDOW):
            outcome()
            return
        print("note: the check straddled two limit windows; running it again")
    sys.exit("FAILED: two runs in a row straddled a window boundary")


def simultaneous_guesses(attack: Attack, count: int):
    def check():
        statuses = attack.together(count, attack.member(), random_address())
        return lambda: expect(
            statuses == Counter({401: 5, 429: count - 5}),
            f"{count} guesses at once: exactly 5 checked ({statuses})",
        )

    in_one_window(check)


def flood_from_one_address(attack: Attack):
    """700 usernames make 700 counts; none of them erases the address's or a member's."""

    def check():
        member, home, flooder = attack.member(), random_address(), random_address()
        first = [attack.login(member, "wrong-password", home) for _ in range(5)]
        names = [f"nobody-{uuid.uuid4().hex}" for _ in range(700)]
        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = Counter(
                pool.map(lambda name: attack.login(name, "wrong-password", flooder), names)
            )
        after = attack.login(member, PASSWORD, home)

        def verdict():
            expect(
                statuses == Counter({401: 20, 429: 680}),
                f"700 random usernames from one address: 20 checked ({statuses})",
            )
            expect(first == [401] * 5 and after == 429, "a member's count survives the flood")

        return verdict

    in_one_window(check)


def one_address_cannot_lock_out(attack: Attack):
    def check():
        member, attacker = attack.member(), random_address()
        statuses = attack.together(50, member, attacker)
        from_home = attack.login(member, PASSWORD, random_address())
        return lambda: expect(
            statuses == Counter({401: 5, 429: 45}) and from_home == 200,
            "50 guesses from one address leave the member free to log in from another",
        )

    in_one_window(check)


def main(base_url: str) -> None:
    attack = Attack(base_url.rstrip("/"))
    simultaneous_guesses(attack, 20)
    simultaneous_guesses(attack, 50)
    flood_from_one_address(attack)
    one_address_cannot_lock_out(attack)
    print("all limit checks passed")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
