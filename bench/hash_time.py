"""Time Argon2id hashes with the project's own hasher: the cost that bounds logins.

    python bench/hash_time.py RESULTS.jsonl WORKERS DURATION

A login checks a password and a sign-up hashes one; both cost one hash, so
WORKERS sync workers serve at most as many of them per second as WORKERS
processes make hashes when they all hash at once and do nothing else: the
hash-bound limit. Argon2id is memory-hard, and hashes made at the same time slow
each other down as they compete for memory bandwidth and caches (bench/README.md
gives by how much), so WORKERS ÷ (the mean time of one hash made alone) is a
limit no server reaches; it is recorded too, for comparison.

Each is timed for DURATION (wrk's form: 10s, 1m), as long as the phases it is
compared with, so that both see the same share of the machine's other load: timed
over a fifth of a second, one hash took from 17.5 to 25.4 ms on one machine within
an hour, and a login phase of 10 s cannot be compared with that. Appends to
RESULTS.jsonl the mean and the median time of one hash alone and its median CPU
time, then the hashes per second of WORKERS processes hashing at once and the CPU
time each of those hashes took.
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


def one_hash() -> None:
    hasher = get_hasher()  # the first of PASSWORD_HASHERS: what signup and login use
    hasher.encode(PASSWORD, hasher.salt())


def timed_hashes(duration: float) -> tuple[list[float], list[float]]:
    """Wall and CPU milliseconds of each hash, made one after another for `duration` seconds."""
    hasher = get_hasher()
    wall, cpu = [], []
    deadline = time.perf_counter() + duration
    while time.perf_counter() < deadline:
        started, cpu_started = time.perf_counter(), time.process_time()
        hasher.encode(PASSWORD, hasher.salt())
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    return wall, cpu


def hashes_at_once(workers: int, duration: float) -> tuple[float, float]:
    """Hashes per second of `workers` processes hashing together for `duration` seconds,
    and the CPU milliseconds each of those hashes took."""
    with ProcessPoolExecutor(workers) as pool:
        for warmed in [pool.submit(one_hash) for _ in range(workers)]:
            warmed.result()  # every process started and warm
        started = time.perf_counter()
        timings = list(pool.map(timed_hashes, [duration] * workers))
        elapsed = time.perf_counter() - started
    cpu = [milliseconds for _, each_cpu in timings for milliseconds in each_cpu]
    return len(cpu) / elapsed, statistics.mean(cpu)


def main(results_path: str, workers: int, duration: str) -> None:
    one_hash()  # warm-up
    wall, cpu = timed_hashes(seconds(duration))
    at_once, at_once_cpu = hashes_at_once(workers, seconds(duration))
    result = {
        "phase": "hash",
        "algorithm": get_hasher().algorithm,
        "hashes": len(wall),
        "mean_milliseconds": round(statistics.mean(wall), 2),
        "milliseconds": round(statistics.median(wall), 2),
        "cpu_milliseconds": round(statistics.median(cpu), 2),
        "at_once_per_second": round(at_once, 1),
        "at_once_cpu_milliseconds": round(at_once_cpu, 2),
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
