"""rtlprune.executor: the sweeps' jobs in this process, in local processes and on a Dask cluster
(a LocalCluster here), in order, each with its share of the cores; the fuzzer run through each."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from rtlprune import executor
from rtlprune.errors import UserError
from rtlprune.machine import JOB_CORES_ENV, cores

pytestmark = pytest.mark.xdist_group("dask-cluster")   # one LocalCluster for the module


def job_facts(item):
    """What a job sees: its item back, its process and the cores its builds may use."""
    return item, os.getpid(), cores()


def failing_job(item):
    raise ValueError(f"job {item} failed")


def test_in_process_keeps_order_and_all_cores():
    with executor.executor(1) as ex:
        got = list(ex.map(job_facts, range(5)))
    assert [g[0] for g in got] == list(range(5))
    assert {g[1] for g in got} == {os.getpid()}
    assert {g[2] for g in got} == {cores()}


def test_local_processes_keep_order_and_share_the_cores():
    with executor.executor(2) as ex:
        got = list(ex.map(job_facts, range(8)))
    assert [g[0] for g in got] == list(range(8))
    assert os.getpid() not in {g[1] for g in got}
    assert {g[2] for g in got} == {max(1, cores() // 2)}
    assert JOB_CORES_ENV not in os.environ   # the caller's own builds keep every core


def test_a_job_error_reaches_the_caller():
    with pytest.raises(ValueError, match="job 1 failed"), executor.executor(2) as ex:
        list(ex.map(failing_job, [1, 2]))


def test_bad_job_count_is_a_user_error():
    with pytest.raises(UserError, match="--jobs 0"), executor.executor(0):
        pass


@pytest.fixture(scope="module")
def cluster():
    from distributed import LocalCluster  # the [cluster] extra, part of [test]

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def test_dask_cluster_keeps_order_runs_on_workers_and_shares_their_cores(cluster):
    with executor.executor(1, cluster.scheduler_address) as ex:
        got = list(ex.map(job_facts, [3, 1, 3, 2]))
    assert [g[0] for g in got] == [3, 1, 3, 2]   # equal items are separate jobs, in order
    assert os.getpid() not in {g[1] for g in got}
    # one thread per worker: a job may use every core of its worker
    assert {g[2] for g in got} == {cores(own_share=False)}


def _fuzz(tmp_path, *args):
    proc = subprocess.run([sys.executable, "-m", "rtlprune.fuzz", "--n", "3", "--seed", "5",
                           "--out", str(tmp_path / "failures"), *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return re.sub(r"; \d+ s$", "", proc.stdout.strip().splitlines()[-1])   # all but the wall time


@pytest.mark.slow
def test_fuzz_on_the_cluster_says_what_it_says_locally(cluster, tmp_path):
    local = _fuzz(tmp_path, "--jobs", "1")
    assert local.startswith("3 designs, 3 pruned")
    assert _fuzz(tmp_path, "--jobs", "2") == local
    assert _fuzz(tmp_path, "--scheduler", cluster.scheduler_address) == local


def test_unreachable_scheduler_is_one_line_and_exit_2(tmp_path):
    """Refused connections are retried until the client's 10 s timeout."""
    proc = subprocess.run([sys.executable, "-m", "rtlprune.fuzz", "--n", "1", "--scheduler", "tcp://127.0.0.1:1",
                           "--out", str(tmp_path)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("rtlprune.fuzz: error: --scheduler tcp://127.0.0.1:1: "), \
        proc.stderr
    assert "Traceback" not in proc.stderr


def _corpus(tmp_path, tag, *args):
    own = Path(__file__).parent / "designs" / "own_testbench"
    proc = subprocess.run([sys.executable, "-m", "rtlprune.simulation", "corpus", "--design", str(own / "named.toml"),
                           "--design", str(own / "positional.toml"), "--runs", "1", "--simulator", "icarus",
                           "--build-dir", str(tmp_path / tag / "build"), "--results", str(tmp_path / tag / "results"),
                           *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json.loads((tmp_path / tag / "results" / "corpus.json").read_text())
    return [{k: r[k] for k in ("design", "workload", "cycles", "cells", "state_bits", "model_state_bits",
                               "vvp_lines", "top_form", "traces_equal", "lockstep_equal")} for r in rows]


@pytest.mark.slow
def test_corpus_on_the_cluster_finds_what_it_finds_locally(cluster, tmp_path):
    local = _corpus(tmp_path, "local")
    assert [(r["design"], r["workload"]) for r in local] == [
        ("mac-named", "two"), ("mac-named", "five"), ("mac-positional", "two"), ("mac-positional", "five")]
    assert all(r["traces_equal"] and r["lockstep_equal"] for r in local)
    assert _corpus(tmp_path, "cluster", "--scheduler", cluster.scheduler_address) == local


def _bench(tmp_path, tag, *args):
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run([sys.executable, "-m", "rtlprune.simulation", "bench", "--design",
                           str(root / "designs" / "systolic" / "sim.toml"), "--config", "tiny", "--runs", "1",
                           "--workloads", "short,long", "--build-dir", str(tmp_path / tag / "build"),
                           "--results", str(tmp_path / tag / "results"), *args], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    rows = json.loads((tmp_path / tag / "results" / "systolic-tiny-bench.json").read_text())
    return [{k: r[k] for k in ("workload", "cycles", "clock_cycles", "traces_equal", "ok", "same_cpp_as_original")}
            for r in rows]


@pytest.mark.slow
def test_bench_on_the_cluster_measures_what_it_measures_locally(cluster, tmp_path):
    local = _bench(tmp_path, "local")
    assert [r["workload"] for r in local] == ["short", "long"]
    assert all(r["traces_equal"] and r["ok"] and len(set(r["cycles"].values())) == 1 for r in local)
    assert local[1]["cycles"]["original"] > local[0]["cycles"]["original"]
    assert _bench(tmp_path, "cluster", "--scheduler", cluster.scheduler_address) == local
