"""Simulator back ends: build a model of an HDL top under Verilator and run it, behind one
interface (in the manner of `cocotb_tools.runner`: one class per way of running).

- `CxxBackend`: a generated stand-alone C++ driver toggles the clock until an output is high
  (no Python per cycle; used for every timed run);
- `CocotbBackend`: a cocotb 2.x test module drives the top (cocotb's C clock; Python only sets
  up and waits);
- `IcarusBackend`: the same driver as `CxxBackend`, in Verilog, compiled with the top by
  `iverilog -g2012` and run by `vvp -n` (rtlprune/icarus.py).

The Verilator ones build with `rtlprune.verilator.SIM_FLAGS` (identical for every variant, no
--public-flat-rw); every back end reuses a build while its sources and flags are unchanged. A
new back end subclasses `Backend` and implements `build` and `run`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from rtlprune import icarus
from rtlprune import verilator as vlt
from rtlprune.errors import UserError
from rtlprune.machine import cores
from rtlprune.simulation import TEMPLATES

log = logging.getLogger(__name__)


@dataclass
class Build:
    top: str
    build_dir: Path
    build_s: float
    cached: bool
    binary: Path | None = None      # CxxBackend (IcarusBackend: the .vvp file)
    runtime_cached: bool = False    # CxxBackend: Verilator's runtime objects from an earlier build
    runner: object = None           # CocotbBackend: the cocotb_tools runner


@dataclass
class RunResult:
    values: dict                    # what the run reported (key=value pairs, or the cocotb verdict)
    seconds: float                  # simulation wall time
    peak_rss_mb: float = 0.0
    stdout: str = ""


class Backend(ABC):
    name: str

    @abstractmethod
    def build(self, sources: list[Path], top: str, build_dir: Path) -> Build:
        """Build (or reuse) a model of `top` from `sources` in `build_dir`."""

    @abstractmethod
    def run(self, build: Build, plusargs: list[str], workdir: Path, env: dict[str, str] | None = None) -> RunResult:
        """Run the model once in `workdir` with `plusargs`."""


@dataclass
class CxxBackend(Backend):
    """A generated C++ main: holds `reset` for `reset_cycles` cycles, then toggles `clock` until
    `done` is high, `$finish` or +rtlprune_max_cycles=N cycles; prints `limit_hit`,
    `clock_cycles`, `seconds` and each output named in `report`."""

    clock: str = "clk"
    reset: str = "rst"
    reset_active_high: bool = True
    reset_cycles: int = 3
    done: str = "done"
    report: list[str] = field(default_factory=list)
    name = "cxx"

    def build(self, sources: list[Path], top: str, build_dir: Path) -> Build:
        driver = build_dir / "driver.cpp"
        driver.parent.mkdir(parents=True, exist_ok=True)
        driver.write_text(TEMPLATES.get_template("driver.cpp.j2").render(
            top=top, clock=self.clock, reset=self.reset, reset_active_high=self.reset_active_high,
            reset_cycles=self.reset_cycles, done=self.done, report=self.report))
        exe = vlt.build_executable(list(sources), top, driver, build_dir, log=log.info)
        return Build(top, build_dir, exe.build_s, exe.cached, binary=exe.binary, runtime_cached=exe.runtime_cached)

    def run(self, build: Build, plusargs: list[str], workdir: Path, env: dict[str, str] | None = None,
            wall_timeout: float | None = None) -> RunResult:
        return run_binary(build.binary, plusargs, workdir, env, wall_timeout)


GNU_TIME = Path("/usr/bin/time")


def run_binary(binary: Path, plusargs: list[str], cwd: Path, env: dict[str, str] | None = None,
               wall_timeout: float | None = None, prefix: list[str] = (), wall_seconds: bool = False) -> RunResult:
    """Run a model built with the generated driver (`prefix`: the program that runs it, vvp for
    Icarus). `wall_seconds`: the time is the process's wall time, for a driver that cannot read
    a timer (Icarus), instead of the clock loop's that it prints. Peak memory is the max RSS of the simulation
    process, from GNU time (%M) when /usr/bin/time exists, else from os.wait4 (which can include
    the pre-exec copy of this Python process, an upper bound)."""
    cwd.mkdir(parents=True, exist_ok=True)
    out_path = cwd / "run.stdout"
    cmd = [*prefix, str(Path(binary).resolve()), *plusargs]
    if GNU_TIME.exists():
        cmd = [str(GNU_TIME), "-f", "rtlprune-maxrss-kb=%M", *cmd]
    with open(out_path, "w") as out:
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                             env={**os.environ, **env} if env else None)
        t0 = time.time()
        t_start = time.perf_counter()
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if wall_timeout and time.time() - t0 > wall_timeout:
                p.kill()
                os.wait4(p.pid, 0)
                raise UserError(f"{binary}: no result after {wall_timeout:.0f} s wall time; killed")
            time.sleep(0.002 if wall_seconds else 0.02)
    wall = time.perf_counter() - t_start
    p.returncode = os.waitstatus_to_exitcode(status)
    text = out_path.read_text(encoding="latin-1")  # printed text may hold any byte
    m = re.search(r"rtlprune-run: (.*)", text)
    if p.returncode != 0 or not m:
        raise UserError(f"{binary}: simulation failed (exit {p.returncode}): {text.strip().splitlines()[-1:] or ''}")
    values = {k: v for k, v in (kv.split("=", 1) for kv in m.group(1).split())}
    if wall_seconds:
        values["seconds"] = f"{wall:.6f}"
    mt = re.search(r"rtlprune-maxrss-kb=(\d+)", text)
    rss_mb = int(mt.group(1)) / 1024.0 if mt else ru.ru_maxrss / 1024.0
    return RunResult(values, float(values["seconds"]), rss_mb, text)


@dataclass
class CocotbBackend(Backend):
    """`cocotb_tools.runner` with Verilator; `test_module` is the cocotb test to run. The test
    reports through files of its own (named in `env`); `values["passed"]` is cocotb's verdict."""

    test_module: str = "rtlprune.simulation.cocotb_equiv"
    name = "cocotb"

    def build(self, sources: list[Path], top: str, build_dir: Path) -> Build:
        from cocotb_tools.runner import get_runner

        build_dir.mkdir(parents=True, exist_ok=True)
        stamp_file = build_dir / "stamp.json"
        stamp = vlt.content_stamp(list(sources), [*vlt.SIM_FLAGS, top, "cocotb"])
        fresh = not (stamp_file.exists() and json.loads(stamp_file.read_text())["stamp"] == stamp)
        if fresh:
            log.info(f"building {top} for cocotb in {build_dir}")
        t0 = time.time()
        runner = get_runner("verilator")
        try:
            with vlt.environment():
                runner.build(sources=list(sources), hdl_toplevel=top, build_dir=build_dir, always=fresh,
                             build_args=[*vlt.SIM_FLAGS, "-j", str(cores())], log_file=build_dir / "build.log")
        except (SystemExit, subprocess.CalledProcessError):
            raise UserError(f"cocotb/Verilator build of {top} failed (log {build_dir / 'build.log'})") from None
        build_s = time.time() - t0
        if fresh:
            stamp_file.write_text(json.dumps({"stamp": stamp, "build_s": build_s}))
        else:
            build_s = json.loads(stamp_file.read_text())["build_s"]
        return Build(top, build_dir, build_s, not fresh, runner=runner)

    def run(self, build: Build, plusargs: list[str], workdir: Path, env: dict[str, str] | None = None) -> RunResult:
        from cocotb_tools.runner import get_results

        workdir.mkdir(parents=True, exist_ok=True)
        xml = workdir / "results.xml"
        xml.unlink(missing_ok=True)
        t0 = time.time()
        try:
            with vlt.environment():
                build.runner.test(test_module=self.test_module, hdl_toplevel=build.top, build_dir=build.build_dir,
                                  test_dir=workdir, plusargs=plusargs, extra_env=dict(env or {}),
                                  results_xml=str(xml), log_file=workdir / "sim.log")
        except SystemExit:              # the runner exits when a test fails; the XML says which
            pass
        except RuntimeError as e:       # the simulator died (killed, crashed)
            raise UserError(f"the cocotb simulation of {build.top} failed: {e} (log {workdir / 'sim.log'})") from None
        if not xml.exists():
            raise UserError(f"the cocotb run of {build.top} wrote no results (log {workdir / 'sim.log'})")
        _, failed = get_results(xml)
        return RunResult({"passed": failed == 0}, time.time() - t0)


@dataclass
class IcarusBackend(CxxBackend):
    """`CxxBackend`'s driver, with its settings, as a Verilog top (driver_icarus.v.j2) around
    `top`, under Icarus. Icarus has no timer a model can read: `seconds` is the wall time of the
    vvp process, its loading of the compiled design included."""

    name = "icarus"
    DRIVER = "rtlprune_icarus_driver"

    def build(self, sources: list[Path], top: str, build_dir: Path) -> Build:
        driver = build_dir / f"{self.DRIVER}.v"
        driver.parent.mkdir(parents=True, exist_ok=True)
        text = TEMPLATES.get_template("driver_icarus.v.j2").render(
            driver=self.DRIVER, top=top, clock=self.clock, reset=self.reset, reset_active_high=self.reset_active_high,
            reset_cycles=self.reset_cycles, done=self.done, report=self.report)
        if not (driver.exists() and driver.read_text() == text):
            driver.write_text(text)
        exe = icarus.build([*sources, driver], self.DRIVER, build_dir, log=log.info)
        return Build(top, build_dir, exe.build_s, exe.cached, binary=exe.binary)

    def run(self, build: Build, plusargs: list[str], workdir: Path, env: dict[str, str] | None = None,
            wall_timeout: float | None = None) -> RunResult:
        vvp, *opts, model = icarus.command(build.binary, [])
        return run_binary(Path(model), plusargs, workdir, env, wall_timeout, prefix=[vvp, *opts], wall_seconds=True)


# the back ends that time a harness, by simulator (`--simulator`)
SIMULATORS = ("verilator", "icarus")


def timed_backend(simulator: str, **kw) -> Backend:
    """The back end that times a harness under `simulator` (no Python per cycle)."""
    if simulator not in SIMULATORS:
        raise UserError(f"unknown simulator '{simulator}' ({' or '.join(SIMULATORS)})")
    return get_backend("cxx" if simulator == "verilator" else simulator, **kw)


def simulator_json(simulator: str) -> dict:
    """Which simulator and version ran, for every table and JSON."""
    if simulator == "icarus":
        return icarus.find().to_json()
    return {"name": "verilator", **vlt.found().to_json()}


def describe(simulator: str) -> str:
    """The simulator that builds, for the log."""
    return icarus.find().describe() if simulator == "icarus" else vlt.found().describe()


def model_digest(simulator: str, binary: Path) -> str:
    """What the simulator made of a variant, as a hash: equal hashes, the same model (Verilator:
    the generated C++; Icarus: the compiled design without its source paths)."""
    if simulator == "icarus":
        return icarus.model_digest(binary)
    return vlt.generated_cpp_digest(binary.parent)


def get_backend(name: str, **kw) -> Backend:
    """A back end by name ("cxx", "cocotb" or "icarus"), with its settings."""
    if name == "cxx":
        return CxxBackend(**kw)
    if name == "cocotb":
        return CocotbBackend(**kw)
    if name == "icarus":
        icarus.require()
        return IcarusBackend(**kw)
    raise UserError(f"unknown backend '{name}' (cocotb, cxx or icarus)")
