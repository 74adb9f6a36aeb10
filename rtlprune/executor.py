"""Where the independent jobs of a sweep run (fuzz seeds, bench workloads, corpus designs).

`executor(jobs, scheduler)` gives an object whose `map(fn, items)` yields `fn(item)` for each
item in the items' order, so that what a sweep prints does not depend on where its jobs ran:
- no scheduler, one job: in this process, one after the other;
- no scheduler, more jobs: that many local processes (spawned: a job may load pyosys);
- a scheduler address ("tcp://host:8786"): a Dask distributed cluster (`pip install
  'rtlprune[cluster]'`); the paths a job is given must be on a filesystem its worker sees.

A job's own builds (`make -j`, `verilator --build -j`) share the cores with the jobs beside it:
each job gets its worker's cores divided by the jobs that worker runs at once (`machine.cores`).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager

from rtlprune.errors import UserError
from rtlprune.logs import show_on_stderr, shown_level
from rtlprune.machine import JOB_CORES_ENV, cores


class InProcess:
    """One job after the other, here."""

    where = "this process"

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        return map(fn, items)


class LocalProcesses:
    """`jobs` spawned processes on this machine, each with its share of the cores."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.where = f"{jobs} local processes"
        self._pool = multiprocessing.get_context("spawn").Pool(
            jobs, initializer=_start_job_process, initargs=(max(1, cores() // jobs), shown_level()))

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        return self._pool.imap(fn, items)

    def close(self) -> None:
        self._pool.close()
        self._pool.join()

    def terminate(self) -> None:
        self._pool.terminate()
        self._pool.join()


class DaskCluster:
    """The workers of a Dask distributed scheduler; one job per worker thread."""

    def __init__(self, address: str):
        try:
            from distributed import Client
        except ImportError:
            raise UserError(f"--scheduler {address}: Dask distributed is not installed "
                            "(pip install 'rtlprune[cluster]')") from None
        try:
            self._client = Client(address, timeout="10s")
        except OSError as e:   # no scheduler at that address, or not in time
            raise UserError(f"--scheduler {address}: {e}") from None
        self.where = f"the Dask cluster at {address}"

    def map(self, fn: Callable, items: Iterable) -> Iterator:
        # pure=False: two equal items are two jobs (a rerun of one seed is still run)
        futures = self._client.map(_on_dask_worker, [fn] * len(items := list(items)), items, pure=False)
        for f in futures:   # in submission order, as the local executors
            yield f.result()

    def close(self) -> None:
        self._client.close()

    terminate = close


def _set_job_cores(n: int) -> None:
    os.environ[JOB_CORES_ENV] = str(n)


def _start_job_process(job_cores: int, log_level: int | None) -> None:
    _set_job_cores(job_cores)
    if log_level is not None:   # a job's progress messages read as they do in one process
        show_on_stderr(log_level)


def _on_dask_worker(fn: Callable, item):
    from distributed import get_worker

    threads = get_worker().state.nthreads
    _start_job_process(max(1, cores(own_share=False) // threads), logging.INFO)   # into the worker's log
    return fn(item)


@contextmanager
def executor(jobs: int = 1, scheduler: str | None = None):
    """The executor for `jobs` local jobs at once, or for the cluster at `scheduler`."""
    if jobs < 1:
        raise UserError(f"--jobs {jobs}: must be at least 1")
    if scheduler:
        ex = DaskCluster(scheduler)
    elif jobs == 1:
        ex = InProcess()
    else:
        ex = LocalProcesses(jobs)
    try:
        yield ex
    except BaseException:
        getattr(ex, "terminate", lambda: None)()
        raise
    else:
        getattr(ex, "close", lambda: None)()


def add_arguments(parser, jobs_default: int, jobs_help: str) -> None:
    """--jobs and --scheduler, the same on every sweep."""
    parser.add_argument("--jobs", "-j", type=int, default=jobs_default, help=jobs_help)
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="run the jobs on a Dask distributed cluster (tcp://host:8786; pip install "
                             "'rtlprune[cluster]'); --jobs is then the cluster's, not used")
