"""Time Argon2id hashes with the project's own hasher: the cost that bounds logins.

    python bench/hash_time.py RESULTS.jsonl WORKERS DURATION

A login checks a password and a sign-up hashes one; both cost one hash, so
WORKERS sync workers serve at most WORKERS ÷ (the mean time of one hash) of them
per second: the hash-bound limit. The hashes are timed one after another for
DURATION (wrk's form: 10s, 1m), as long as the phases they are compared with, so
that both see the same share of the machine's other load: timed over a fifth of
a second, one hash took from 17.5 to 25.4 ms on one machine within an hour, and
a login phase of 10 s cannot be compared with that. The mean, not the median, is
what bounds a throughput. Appends to RESULTS.jsonl the mean and the median time
of one hash alone, the median CPU time (which other work on the machine stretches
less), and how many hashes per second WORKERS processes manage when they all hash
at once for DURATION, which is lower when they compete for memory bandwidth and
caches.
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


def seconds(duration: str) -> float:
    """wrk's form of a duration (10s, 1m, 1h, or seconds) in seconds."""
    units = {"s": 1, "m": 60, "h": 3600}
    if duration[-1:] in units:
        return float(duration[:-1]) * units[duration[-1]]
    return float(duration)


def timed_hashes(duration: float) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each hash, made one after another for `duration` seconds."""
    hasher = get_hasher()  # the first of PASSWORD_HASHERS: what signup and login use
    hasher.encode(PASSWORD, hasher.salt())  # warm-up
    wall, cpu = [], []
    deadline = time.perf_counter() + duration
    while time.perf_counter() < deadline:
        started, cpu_started = time.perf_counter(), time.process_time()
        hasher.encode(PASSWORD, hasher.salt())
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return wall, cpu


def hash_for(duration: float) -> int:
    """How many hashes one process makes in `duration` seconds (at least one)."""
    hasher = get_hasher()
    deadline, count = time.perf_counter() + duration, 0
    while count == 0 or time.perf_counter() < deadline:
        hasher.encode(PASSWORD, hasher.salt())
        count += 1
    return count


def hashes_at_once(workers: int, duration: float) -> float:
    """Hashes per second of `workers` processes hashing together for `duration` seconds."""
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(hash_for, [0] * workers))  # every process started and warm
        started = time.perf_counter()
        count = sum(pool.map(hash_for, [duration] * workers))
        return count / (time.perf_counter() - started)


def main(results_path: str, workers: int, duration: str) -> None:
    wall, cpu = timed_hashes(seconds(duration))
    result = {
        "phase": "hash",
        "algorithm": get_hasher().algorithm,
        "hashes": len(wall),
        "mean_milliseconds": round(statistics.mean(wall), 2),
        "milliseconds": round(statistics.median(wall), 2),
        "cpu_milliseconds": round(statistics.median(cpu), 2),
        "at_once_per_second": round(hashes_at_once(workers, seconds(duration)), 1),
    }
    with open(results_path, "a") as results:
        results.write(json.dumps(result) + "\n")
    print(
        f"  hash     {result['mean_milliseconds']:8.2f} ms per {result['algorithm']} hash alone"
        f" (mean of {len(wall)}; median {result['milliseconds']:.2f});"
        f" {workers} hashing at once: {result['at_once_per_second']} hashes/s"
    )


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
