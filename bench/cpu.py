"""CPU time from /proc: the whole machine's, and a process's or a process tree's.

The server, the load generator and the database share the machine, and so does
anything else running on it; bench/phase.py uses these to tell them apart.
"""

import os

TICKS = os.sysconf("SC_CLK_TCK")


def busy_seconds() -> float:
    """CPU seconds the machine has spent busy (all cores) since it booted."""
    with open("/proc/stat") as stat:
        fields = [int(value) for value in stat.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / TICKS


def tree(pid: int) -> list[int]:
    """The process and all its descendants."""
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
