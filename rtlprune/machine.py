"""What this machine lets rtlprune use: the cores for parallel builds and jobs."""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may run on: its CPU affinity, so that `taskset`, a container's
    cpuset or a batch system's allocation count, not the machine's total."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):   # no sched_getaffinity (macOS)
        return max(1, os.cpu_count() or 1)
