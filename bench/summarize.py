"""Print the table of a bench run from Locust's CSV statistics.

Usage: python bench/summarize.py PREFIX   (the --csv PREFIX given to Locust)
Exits non-zero if any request got an unexpected status.
"""

import csv
import sys

ORDER = ["GET /me", "GET /health", "POST /login", "POST /signup"]


def main(prefix: str) -> int:
    with open(f"{prefix}_stats.csv", newline="") as stats:
        rows = {row["Name"]: row for row in csv.DictReader(stats)}
    print("| Endpoint | Requests | Requests/s | p50 (ms) | p99 (ms) | Unexpected statuses |")
    print("|---|---:|---:|---:|---:|---:|")
    unexpected = 0
    for name in [*ORDER, "Aggregated"]:
        row = rows.get(name)
        if row is None:  # an endpoint given no users in this run
            continue
        unexpected += int(row["Failure Count"]) if name != "Aggregated" else 0
        label = "All" if name == "Aggregated" else f"`{name}`"
        print(
            f"| {label} | {row['Request Count']} | {float(row['Requests/s']):.1f} "
            f"| {row['50%']} | {row['99%']} | {row['Failure Count']} |"
        )
    if "GET /me" in rows and "GET /health" in rows:
        ratio = float(rows["GET /me"]["Requests/s"]) / float(rows["GET /health"]["Requests/s"])
        print(f"\nGET /me throughput / GET /health throughput: {ratio:.2f}")
    if unexpected:
        print(f"FAILED: {unexpected} requests got an unexpected status (see {prefix}_failures.csv)")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
