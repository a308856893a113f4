"""Time one Argon2id hash with the project's own hasher: the cost that bounds logins.

    python bench/hash_time.py RESULTS.jsonl [COUNT]

Appends {"phase": "hash", "milliseconds": ..., "cpu_milliseconds": ...} (medians) to
RESULTS.jsonl. A login checks a password and a sign-up hashes one; both cost one
hash, so gunicorn's sync workers can serve at most workers ÷ this time of them per
second. The CPU time is what other work on the machine cannot stretch.
"""

import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import get_hasher  # noqa: E402


def main(results_path: str, count: int) -> None:
    hasher = get_hasher()  # the first of PASSWORD_HASHERS: what signup and login use
    hasher.encode("bench-password-1", hasher.salt())  # warm-up
    timings, cpu_timings = [], []
    for _ in range(count):
        started, cpu_started = time.perf_counter(), time.process_time()
        hasher.encode("bench-password-1", hasher.salt())
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.process_time() - cpu_started) * 1000)
    result = {
        "phase": "hash",
        "algorithm": hasher.algorithm,
        "milliseconds": round(statistics.median(timings), 2),
        "cpu_milliseconds": round(statistics.median(cpu_timings), 2),
    }
    with open(results_path, "a") as results:
        results.write(json.dumps(result) + "\n")
    print(f"  hash     {result['milliseconds']:8.2f} ms per {hasher.algorithm} hash (median of {count})")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20)
