"""What this machine lets rtlprune use: the cores for parallel builds and jobs."""

from __future__ import annotations

import os

# Set by rtlprune.executor in each job's process: the job's share of its worker's cores, so that
# jobs running side by side do not each start one build process per core.
JOB_CORES_ENV = "RTLPRUNE_JOB_CORES"


def cores(own_share: bool = True) -> int:
    """The cores this process may run on: its CPU affinity, so that `taskset`, a container's
    cpuset or a batch system's allocation count, not the machine's total; within a job of a
    sweep (`own_share`), the job's share of them."""
    if own_share and os.environ.get(JOB_CORES_ENV, "").isdigit():
        return max(1, int(os.environ[JOB_CORES_ENV]))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):   # no sched_getaffinity (macOS)
        return max(1, os.cpu_count() or 1)
