"""Run one measured phase of the bench: wrk against one server, and where the CPU went.

    python bench/phase.py NAME RESULTS.jsonl -- wrk ARGS...

Appends one JSON line to RESULTS.jsonl: wrk's throughput and error counts, and the
CPU seconds used during the phase by each process tree named in BENCH_CPU_ROOTS
("name=pid ..."), by the PostgreSQL backends serving DATABASE_URL's database, by
wrk itself, and by everything else on the machine (other users' work included).
"""

import json
import os
import re
import resource
import subprocess
import sys
import time

from cpu import busy_seconds, cpu_seconds, tree

WRK_NUMBERS = {
    "requests": re.compile(r"^\s*(\d+) requests in"),
    "requests_per_second": re.compile(r"^Requests/sec:\s*([\d.]+)"),
    "error_statuses": re.compile(r"Non-2xx or 3xx responses:\s*(\d+)"),
}
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")


def database_backends() -> list[int]:
    """The PostgreSQL processes serving the bench's database (the servers' connections)."""
    query = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
    output = subprocess.run(
        ["psql", "-tA", os.environ["DATABASE_URL"], "-c", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return [int(pid) for pid in output.split()]


def process_seconds(roots: dict[str, int]) -> dict[str, dict[int, float]]:
    groups = {name: tree(root) for name, root in roots.items()}
    groups["PostgreSQL"] = database_backends()
    return {name: {pid: cpu_seconds(pid) for pid in pids} for name, pids in groups.items()}


def used(before: dict[int, float], after: dict[int, float]) -> float:
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def children_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(name: str, wrk_args: list[str], roots: dict[str, int]) -> dict:
    processes_before = process_seconds(roots)
    # wrk's CPU is what this process's children used meanwhile, read between the two
    # samples of the processes, which run psql as a child too.
    busy_before, wrk_before, started = busy_seconds(), children_seconds(), time.monotonic()
    output = subprocess.run(["wrk", *wrk_args], capture_output=True, text=True, check=True).stdout
    busy_after, wrk_after, ended = busy_seconds(), children_seconds(), time.monotonic()
    processes_after = process_seconds(roots)

    result = {"phase": name, "seconds": round(ended - started, 1)}
    for key, pattern in WRK_NUMBERS.items():
        found = next((match for match in map(pattern.search, output.splitlines()) if match), None)
        result[key] = float(found.group(1)) if found else 0.0
    errors = SOCKET_ERRORS.search(output)
    result["socket_errors"] = sum(map(int, errors.groups())) if errors else 0
    cpu = {
        group: used(processes_before[group], processes_after[group]) for group in processes_after
    }
    cpu["wrk"] = wrk_after - wrk_before
    cpu["other"] = max(busy_after - busy_before - sum(cpu.values()), 0.0)
    result["cpu_seconds"] = {group: round(seconds, 2) for group, seconds in cpu.items()}
    return result


def main(argv: list[str]) -> None:
    name, results_path, separator, *wrk_args = argv
    assert separator == "--", __doc__
    roots = {}
    for entry in os.environ.get("BENCH_CPU_ROOTS", "").split():
        key, pid = entry.split("=")
        roots[key] = int(pid)
    result = run(name, wrk_args, roots)
    with open(results_path, "a") as results:
        results.write(json.dumps(result) + "\n")
    print(
        f"  {name:<8} {result['requests_per_second']:8.1f} req/s"
        f"  ({int(result['error_statuses'])} error statuses, {result['socket_errors']} socket errors)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
