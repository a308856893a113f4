"""Time Argon2id hashes with the project's own hasher: the cost that bounds logins.

    python bench/hash_time.py RESULTS.jsonl WORKERS [COUNT]

A login checks a password and a sign-up hashes one; both cost one hash, so
WORKERS sync workers serve at most WORKERS ÷ (the time of one hash) of them per
second: the hash-bound limit. Appends to RESULTS.jsonl the median time of one
hash alone, wall and CPU (which other work on the machine cannot stretch), and
how many hashes per second WORKERS processes manage when they all hash at once,
which is lower when they compete for memory bandwidth and caches.
"""

import json
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.contrib.auth.hashers import get_hasher

PASSWORD = "bench-password-1"


def timed_hashes(count: int) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of `count` hashes in a row."""
    hasher = get_hasher()  # the first of PASSWORD_HASHERS: what signup and login use
    hasher.encode(PASSWORD, hasher.salt())  # warm-up
    wall, cpu = [], []
    for _ in range(count):
        started, cpu_started = time.perf_counter(), time.process_time()
        hasher.encode(PASSWORD, hasher.salt())
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return wall, cpu


def hash_many(count: int) -> None:
    hasher = get_hasher()
    for _ in range(count):
        hasher.encode(PASSWORD, hasher.salt())


def hashes_at_once(workers: int, count: int) -> float:
    """Hashes per second of `workers` processes hashing `count` times each, together."""
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(hash_many, [1] * workers))  # every process started and warm
        started = time.perf_counter()
        list(pool.map(hash_many, [count] * workers))
        return workers * count / (time.perf_counter() - started)


def main(results_path: str, workers: int, count: int) -> None:
    wall, cpu = timed_hashes(count)
    result = {
        "phase": "hash",
        "algorithm": get_hasher().algorithm,
        "milliseconds": round(statistics.median(wall), 2),
        "cpu_milliseconds": round(statistics.median(cpu), 2),
        "at_once_per_second": round(hashes_at_once(workers, count), 1),
    }
    with open(results_path, "a") as results:
        results.write(json.dumps(result) + "\n")
    print(
        f"  hash     {result['milliseconds']:8.2f} ms per {result['algorithm']} hash alone (median of {count});"
        f" {workers} hashing at once: {result['at_once_per_second']} hashes/s"
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 20)
