"""Print the headline and the table of a bench run; fail if anything went wrong.

    python bench/summarize.py RESULTS.jsonl API_LOG MIXED_FROM_LINE BARE_LOG WORKERS MIXED_CONNECTIONS

RESULTS.jsonl holds one line per phase (bench/phase.py) and per hash timing
(bench/hash_time.py), round after round. Throughputs are the median over the
rounds; a ratio is the median of the rounds' ratios, each taken between phases
run a few seconds apart, so a change in the machine's other load between rounds
moves both sides of a ratio. The statuses of the mixed phase are read from the
API's request log, from MIXED_FROM_LINE on, so each endpoint is held to its own
expected status.
"""

import json
import os
import statistics
import sys
from collections import Counter

EXPECTED = {"GET /me": 200, "GET /health": 200, "POST /login": 200, "POST /signup": 201}
# phase: (the phase it is compared with, the goal for the ratio of their throughputs)
GOALS = {
    "me": ("health", 0.80),
    "health": ("bare", 0.85),
    "login": ("hash", 0.85),
    "signup": ("hash", 0.85),
}
NAMES = {
    "bare": "bare view",
    "health": "GET /health",
    "me": "GET /me",
    "hash": "hash-bound",
    "alone": "workers × one hash alone",
    "login": "POST /login",
    "signup": "POST /signup",
}
LABELS = {
    "bare": "bare view: `SELECT 1`, no middleware",
    "hash": "hash-bound: {workers} workers hashing at once, nothing else",
    "alone": "{workers} workers ÷ {ms:.1f} ms per Argon2id hash made alone (the mean), as if hashes at once did not slow each other",
    "mixed": "mixed: the four endpoints in turn, {connections} connections",
}
ORDER = ("bare", "health", "me", "hash", "alone", "login", "signup", "mixed")
SERVER_ERRORS = ("Traceback", '"level": "ERROR"', '"level": "CRITICAL"', "[ERROR]", "[CRITICAL]")


def read_results(path: str) -> dict[str, list[dict]]:
    phases: dict[str, list[dict]] = {}
    with open(path) as results:
        for line in results:
            entry = json.loads(line)
            phases.setdefault(entry["phase"], []).append(entry)
    return phases


def mixed_statuses(api_log: str, from_line: int) -> tuple[Counter, int]:
    """(method path, status) counts of the request log from `from_line` on, and how many were unexpected."""
    seen: Counter = Counter()
    with open(api_log) as log:
        for number, line in enumerate(log):
            if number >= from_line and line.startswith("{"):
                entry = json.loads(line)
                if entry.get("logger") == "api.requests":
                    seen[(f"{entry['method']} {entry['path']}", entry["status"])] += 1
    return seen, sum(
        count for (name, status), count in seen.items() if EXPECTED.get(name) != status
    )


def server_errors(*logs: str) -> list[str]:
    found = []
    for path in logs:
        with open(path) as log:
            found += [
                line.rstrip()[:200] for line in log if any(mark in line for mark in SERVER_ERRORS)
            ]
    return found


def cpu_columns(entries: list[dict], server: str) -> tuple[float, str]:
    """The server's and its database's CPU ms per request, which other work on the
    machine skews far less than throughput; and where the machine's CPU went, as
    shares of its capacity (every core, the whole phase)."""
    totals: Counter = Counter()
    for entry in entries:
        for name, seconds in entry["cpu_seconds"].items():
            totals[
                "server" if name == server else "other" if name in ("gunicorn", "bare") else name
            ] += seconds
    per_request = (
        1000
        * (totals["server"] + totals["PostgreSQL"])
        / max(sum(e["requests"] for e in entries), 1)
    )
    capacity = sum(entry["seconds"] for entry in entries) * os.cpu_count()
    shares = " · ".join(
        f"{100 * totals[name] / capacity:.0f} %"
        for name in ("server", "PostgreSQL", "wrk", "other")
    )
    return per_request, shares


def per_round_rates(phases: dict[str, list[dict]], workers: int) -> dict[str, list[float]]:
    """Each phase's throughput in each round. The hash-bound limit is what the workers
    manage hashing all at once and doing nothing else; "alone" is what they would manage
    if hashes made together did not slow each other (Argon2id is memory-hard, and they do)."""
    hashes = phases["hash"]
    rates = {
        name: [e["requests_per_second"] for e in entries]
        for name, entries in phases.items()
        if name != "hash"
    }
    rates["hash"] = [e["at_once_per_second"] for e in hashes]
    rates["alone"] = [workers * 1000 / e["mean_milliseconds"] for e in hashes]
    return rates


def round_ratios(rates: dict[str, list[float]], name: str, base: str) -> list[float]:
    return [mine / theirs for mine, theirs in zip(rates[name], rates[base], strict=True)]


def ratio(rates: dict[str, list[float]], name: str, base: str) -> float:
    """The ratio of two phases' throughputs: the median of the rounds' own."""
    return statistics.median(round_ratios(rates, name, base))


def print_headline(
    rates: dict[str, list[float]], unexpected: int, requests: int, errors: list[str]
) -> None:
    print("== headline (the median of the rounds' ratios; each round's in brackets)")
    for name, (base, goal) in GOALS.items():
        each = " · ".join(f"{r:.2f}" for r in round_ratios(rates, name, base))
        median = ratio(rates, name, base)
        print(
            f"{NAMES[name]} ÷ {NAMES[base]}: {median:.2f}  [{each}]"
            f"  goal ≥ {goal:.2f}: {'met' if median >= goal else 'NOT met'}"
        )
    for name in ("login", "signup"):
        print(
            f"{NAMES[name]} ÷ {NAMES['alone']}: {ratio(rates, name, 'alone'):.2f}"
            "  (for comparison; no goal)"
        )
    print(
        f"mixed load: {unexpected} unexpected statuses in {requests} requests, {len(errors)} errors in the server logs"
    )


def print_table(
    phases, rates, unexpected, hash_ms: dict[str, float], workers: int, connections: int
) -> None:
    print(
        "\n| Phase | Requests/s | Ratio | Goal | Unexpected | CPU ms per request | CPU: server · PostgreSQL · wrk · other |"
    )
    print("|---|---:|---|---|---:|---:|---|")
    rate = {name: statistics.median(values) for name, values in rates.items()}
    for name in ORDER:
        label = LABELS.get(name, f"`{NAMES.get(name)}`").format(
            workers=workers, ms=hash_ms["wall"], connections=connections
        )
        if name == "hash":
            print(f"| {label} | {rate[name]:.1f} | | | | {hash_ms['at_once_cpu']:.2f} | |")
            continue
        if name == "alone":
            print(f"| {label} | {rate[name]:.1f} | | | | {hash_ms['cpu']:.2f} | |")
            continue
        if name not in phases:
            continue
        compared = goal = ""
        if name in GOALS:
            base, target = GOALS[name]
            compared, goal = f"{ratio(rates, name, base):.2f} × {NAMES[base]}", f"≥ {target:.2f}"
        if name == "mixed":
            goal = "no unexpected status, no server error"
        per_request, shares = cpu_columns(phases[name], "bare" if name == "bare" else "gunicorn")
        print(
            f"| {label} | {rate[name]:.1f} | {compared} | {goal} | {unexpected[name]} | {per_request:.2f} | {shares} |"
        )
    print(
        "\nRequests/s: the median of the rounds. Ratio: the median of the rounds' own ratios, so it"
        " need not be the quotient of two medians."
    )


def main(
    results_path: str, api_log: str, mixed_from: int, bare_log: str, workers: int, connections: int
) -> int:
    phases = read_results(results_path)
    rates = per_round_rates(phases, workers)
    hashes = phases.pop("hash")
    hash_ms = {
        "wall": statistics.median(e["mean_milliseconds"] for e in hashes),
        "cpu": statistics.median(e["cpu_milliseconds"] for e in hashes),
        "at_once_cpu": statistics.median(e["at_once_cpu_milliseconds"] for e in hashes),
    }
    unexpected = {
        name: int(sum(e["error_statuses"] + e["socket_errors"] for e in entries))
        for name, entries in phases.items()
    }
    seen, unexpected_in_log = mixed_statuses(api_log, mixed_from)
    unexpected["mixed"] = unexpected.get("mixed", 0) + unexpected_in_log
    errors = server_errors(api_log, bare_log)
    print_headline(rates, unexpected["mixed"], sum(seen.values()), errors)
    print_table(phases, rates, unexpected, hash_ms, workers, connections)
    if errors:
        print("\nFAILED: the server logs show errors:", *errors[:10], sep="\n  ")
    if any(unexpected.values()):
        print(
            f"\nFAILED: unexpected statuses or socket errors: {unexpected}; mixed phase: {dict(seen)}"
        )
    return 1 if errors or any(unexpected.values()) else 0


if __name__ == "__main__":
    results, api_log, mixed_from, bare_log, workers, connections = sys.argv[1:]
    sys.exit(main(results, api_log, int(mixed_from), bare_log, int(workers), int(connections)))
