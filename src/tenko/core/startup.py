"""How long a server process took to start, and the line it prints once it serves.

``tenko serve`` prints ``tenko worker <pid> ready ...`` from each worker once its application
has started (after the imports, the route table and the lifespan start-up): scripts wait for
that line (one per worker) or poll ``GET /api/status`` before sending traffic.
"""

from __future__ import annotations

import os
import sys

READY_PREFIX = "tenko worker"


def cpu_seconds() -> float:
    """CPU time this process has used so far (user + system)."""
    times = os.times()
    return times.user + times.system


def seconds_since_process_start() -> float | None:
    """Wall time since this process was created (Linux: /proc), or None where it cannot be read."""
    try:
        with open("/proc/self/stat", encoding="ascii") as stat:
            # the command name (field 2) may contain spaces: the fields after it follow the last ')'
            fields = stat.read().rsplit(")", 1)[1].split()
        started_ticks = int(fields[19])  # field 22 of stat(5): start time, in clock ticks since boot
        with open("/proc/uptime", encoding="ascii") as uptime:
            since_boot = float(uptime.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    return max(0.0, since_boot - started_ticks / os.sysconf("SC_CLK_TCK"))


def ready_line() -> str:
    wall = seconds_since_process_start()
    took = f"started in {wall:.1f} s, " if wall is not None else ""
    return f"{READY_PREFIX} {os.getpid()} ready ({took}{cpu_seconds():.1f} s CPU)"


def announce_ready() -> None:
    print(ready_line(), file=sys.stderr, flush=True)
