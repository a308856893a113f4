"""Where the machine's CPU went during a bench run: the server, the load generator, or others.

    python bench/cpu.py sample FILE PID...          record CPU time now (PIDs and their children)
    python bench/cpu.py report BEFORE AFTER         print the split between two samples

The server and Locust share the machine, and so does anything else running on it;
this tells how much of the run's CPU time was someone else's.
"""

import json
import os
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / TICKS


def tree(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            kids = [int(kid) for kid in children.read().split()]
    except FileNotFoundError:
        return []
    return [pid] + [grandchild for kid in kids for grandchild in tree(kid)]


def cpu_seconds(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def sample(path: str, roots: list[str]) -> None:
    snapshot = {"busy": busy_seconds(), "ours": {}}
    for root in roots:
        name, pid = root.split("=")
        snapshot["ours"][name] = {str(p): cpu_seconds(p) for p in tree(int(pid))}
    with open(path, "w") as out:
        json.dump(snapshot, out)


def report(before_path: str, after_path: str) -> None:
    with open(before_path) as before_file, open(after_path) as after_file:
        before, after = json.load(before_file), json.load(after_file)
    total = after["busy"] - before["busy"]
    parts = {}
    for name, pids in after["ours"].items():
        earlier = before["ours"].get(name, {})
        parts[name] = sum(seconds - earlier.get(pid, 0.0) for pid, seconds in pids.items())
    others = max(total - sum(parts.values()), 0.0)
    split = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in parts.items())
    print(f"CPU time used during the run: {total:.0f} s in all: {split}, other processes {others:.0f} s")


if __name__ == "__main__":
    if sys.argv[1] == "sample":
        sample(sys.argv[2], sys.argv[3:])
    else:
        report(sys.argv[2], sys.argv[3])
