"""Generate the wrapper/recorder/driver sources (jinja2), build them with Verilator (C++ driver
or cocotb), and run them. No Python runs per simulated cycle: the C++ driver's loop or cocotb's
C clock toggles the clock; memories and hosts are HDL."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from rtlprune import verilator as vlt
from rtlprune.errors import UserError
from rtlprune.simulation import verilog
from rtlprune.simulation.design import Variants

TEMPLATES = jinja2.Environment(loader=jinja2.PackageLoader("rtlprune.simulation", "templates"),
                               trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                               keep_trailing_newline=True)
FLAGS = [*vlt.TIMING_FLAGS, *vlt.LINT_WAIVERS, "-Wno-fatal"]      # identical for every variant
LOCKSTEP_TOP = "rtlprune_lockstep"
TRACE_TOP = "rtlprune_trace"
SUFFIX_A, SUFFIX_B = "__orig", "__pruned"
STATUS = ["finished", "mismatch", "limit_hit", "cycle"]


@dataclass
class Signal:
    path: str      # hierarchical reference below the harness instance
    label: str
    width: int
    offset: int = 0


def observed_signals(variants: Variants) -> list[Signal]:
    """The kept outputs of the DUT (from the rtlprune report) and the outputs of the harness."""
    d = variants.design
    widths = {p.name: p.width for p in verilog.module_ports(variants.pruned.read_text(), d.dut_module)}
    sigs = [Signal(f"{d.dut_instance}.{n}", f"{d.dut_instance}.{n}", widths[n]) for n in variants.kept_outputs]
    sigs += [Signal(p.name, p.name, p.width) for p in d.observed_harness_outputs()]
    off = 0
    for s in sigs:
        s.offset, off = off, off + s.width
    return sigs


def _context(variants: Variants, top: str) -> dict:
    d = variants.design
    return dict(top=top, harness_top=d.harness_top, dut_module=d.dut_module, dut_instance=d.dut_instance,
                clock=d.clock, reset=d.reset, reset_active_high=d.reset_active_high, done=d.done,
                harness_outputs=d.harness_outputs(), default_max_cycles=d.max_cycles,
                suffix_a=SUFFIX_A, suffix_b=SUFFIX_B)


def generate_lockstep(variants: Variants, pruned: Path, out_dir: Path) -> list[Path]:
    """Renamed copies harness+original and harness+`pruned`, and the comparing top."""
    d = variants.design
    out_dir.mkdir(parents=True, exist_ok=True)
    files = []
    for suffix, dut in ((SUFFIX_A, variants.original), (SUFFIX_B, pruned)):
        text = d.harness_text() + "\n" + dut.read_text()
        names = set(verilog.module_names(text))
        f = out_dir / f"copy{suffix}.v"
        f.write_text(verilog.rename_modules(text, names, suffix))
        files.append(f)
    top = out_dir / f"{LOCKSTEP_TOP}.v"
    top.write_text(TEMPLATES.get_template("lockstep.v.j2").render(
        signals=observed_signals(variants), **_context(variants, LOCKSTEP_TOP)))
    return [*files, top]


def generate_trace(variants: Variants, dut: Path, out_dir: Path) -> list[Path]:
    """The harness, the given DUT Verilog, and the recording top."""
    out_dir.mkdir(parents=True, exist_ok=True)
    sigs = observed_signals(variants)
    top = out_dir / f"{TRACE_TOP}.v"
    top.write_text(TEMPLATES.get_template("trace.v.j2").render(
        signals=sigs, total_width=sum(s.width for s in sigs), **_context(variants, TRACE_TOP)))
    return [*variants.design.harness, dut, top]


def generate_driver(out: Path, top: str, clock: str, reset: str, reset_active_high: bool, reset_cycles: int,
                    done: str, report: list[str]) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(TEMPLATES.get_template("driver.cpp.j2").render(
        top=top, clock=clock, reset=reset, reset_active_high=reset_active_high, reset_cycles=reset_cycles,
        done=done, report=report))
    return out


def _env() -> dict:
    e = vlt.env()
    if "CFG_CXXFLAGS_PCH_I" not in e.get("MAKEFLAGS", ""):   # also when make already set MAKEFLAGS
        e["MAKEFLAGS"] = (e.get("MAKEFLAGS", "") + " CFG_CXXFLAGS_PCH_I=-include").strip()
    return e


def _stamp(sources: list[Path], extra: list[str]) -> str:
    h = hashlib.sha256()
    for s in sources:
        h.update(str(s).encode())
        h.update(Path(s).read_bytes())
    h.update("\0".join(extra).encode())
    return h.hexdigest()


@dataclass
class Built:
    binary: Path
    build_s: float
    cached: bool


def build_cxx(sources: list[Path], top: str, driver: Path, out_dir: Path, log=print) -> Built:
    """verilator --cc --exe --build with the tuned flags (no --public-flat-rw)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    binary = out_dir / "obj" / "sim"
    stamp_file = out_dir / "stamp.json"
    stamp = _stamp([*sources, driver], [*FLAGS, top])
    if binary.exists() and stamp_file.exists():
        old = json.loads(stamp_file.read_text())
        if old["stamp"] == stamp:
            return Built(binary, old["build_s"], True)
    shutil.rmtree(out_dir / "obj", ignore_errors=True)
    log(f"verilating {top} in {out_dir}")
    t0 = time.time()
    cmd = ["verilator", "--cc", "--exe", "--build", "-j", "2", *FLAGS, "--top-module", top, "--prefix", "Vsim",
           "-Mdir", str(out_dir / "obj"), "-o", "sim", *map(str, sources), str(driver)]
    proc = subprocess.run(cmd, env=_env(), capture_output=True, text=True)
    (out_dir / "build.log").write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        errs = [l for l in (proc.stdout + proc.stderr).splitlines() if "%Error" in l or "error:" in l][:3]
        raise UserError(f"Verilator build of {top} failed (log {out_dir / 'build.log'}): {' | '.join(errs)}")
    secs = time.time() - t0
    stamp_file.write_text(json.dumps({"stamp": stamp, "build_s": secs}))
    return Built(binary, secs, False)


@dataclass
class RunResult:
    values: dict          # key=value pairs the driver printed
    seconds: float        # simulation loop wall time (C++ clock), excluding start-up
    peak_rss_mb: float
    stdout: str


GNU_TIME = Path("/usr/bin/time")


def run_cxx(binary: Path, plusargs: list[str], cwd: Path, wall_timeout: float | None = None) -> RunResult:
    """Run a built model. Peak memory is the max RSS of the simulation process, from GNU time
    (%M) when /usr/bin/time exists, else from os.wait4 (which can include the pre-exec copy of
    this Python process, an upper bound)."""
    cwd.mkdir(parents=True, exist_ok=True)
    out_path = cwd / "run.stdout"
    cmd = [str(Path(binary).resolve()), *plusargs]
    if GNU_TIME.exists():
        cmd = [str(GNU_TIME), "-f", "rtlprune-maxrss-kb=%M", *cmd]
    with open(out_path, "w") as out:
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        t0 = time.time()
        while True:
            pid, status, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if wall_timeout and time.time() - t0 > wall_timeout:
                p.kill()
                os.wait4(p.pid, 0)
                raise UserError(f"{binary}: no result after {wall_timeout:.0f} s wall time; killed")
            time.sleep(0.02)
    p.returncode = os.waitstatus_to_exitcode(status)
    text = out_path.read_text()
    m = re.search(r"rtlprune-run: (.*)", text)
    if p.returncode != 0 or not m:
        raise UserError(f"{binary}: simulation failed (exit {p.returncode}): {text.strip().splitlines()[-1:] or ''}")
    values = {k: v for k, v in (kv.split("=", 1) for kv in m.group(1).split())}
    mt = re.search(r"rtlprune-maxrss-kb=(\d+)", text)
    rss_mb = int(mt.group(1)) / 1024.0 if mt else ru.ru_maxrss / 1024.0
    return RunResult(values, float(values["seconds"]), rss_mb, text)


# ---------------------------------------------------------------- cocotb

COCOTB_TEST_MODULE = "rtlprune.simulation.cocotb_equiv"


def _cocotb_env() -> None:
    os.environ["PATH"] = vlt.env()["PATH"]
    if "CFG_CXXFLAGS_PCH_I" not in os.environ.get("MAKEFLAGS", ""):
        os.environ["MAKEFLAGS"] = (os.environ.get("MAKEFLAGS", "") + " CFG_CXXFLAGS_PCH_I=-include").strip()


def build_cocotb(sources: list[Path], top: str, out_dir: Path, log=print):
    from cocotb_tools.runner import get_runner

    _cocotb_env()
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp_file = out_dir / "stamp.json"
    stamp = _stamp(sources, [*FLAGS, top, "cocotb"])
    runner = get_runner("verilator")
    fresh = not (stamp_file.exists() and json.loads(stamp_file.read_text())["stamp"] == stamp)
    if fresh:
        log(f"building {top} for cocotb in {out_dir}")
    t0 = time.time()
    try:
        runner.build(sources=list(sources), hdl_toplevel=top, build_dir=out_dir, always=fresh,
                     build_args=[*FLAGS, "-j", "2"], log_file=out_dir / "build.log")
    except (SystemExit, subprocess.CalledProcessError):
        raise UserError(f"cocotb/Verilator build of {top} failed (log {out_dir / 'build.log'})") from None
    if fresh:
        stamp_file.write_text(json.dumps({"stamp": stamp, "build_s": time.time() - t0}))
    return runner


def run_cocotb(runner, top: str, build_dir: Path, plusargs: list[str], workdir: Path,
               reset_cycles: int, max_cycles: int) -> dict:
    """Run the cocotb test: it starts cocotb's clock, resets, awaits `finished`; returns the
    status outputs it read (finished, mismatch, limit_hit, cycle) and its verdict."""
    from cocotb_tools.runner import get_results

    _cocotb_env()
    workdir.mkdir(parents=True, exist_ok=True)
    result = workdir / "cocotb_result.json"
    result.unlink(missing_ok=True)
    xml = workdir / "results.xml"
    env = {"RTLPRUNE_RESULT": str(result), "RTLPRUNE_RESET_CYCLES": str(reset_cycles),
           "RTLPRUNE_MAX_CYCLES": str(max_cycles)}
    try:
        runner.test(test_module=COCOTB_TEST_MODULE, hdl_toplevel=top, build_dir=build_dir, test_dir=workdir,
                    plusargs=plusargs, extra_env=env, results_xml=str(xml), log_file=workdir / "sim.log")
    except SystemExit:
        pass
    except RuntimeError as e:          # the simulator died (killed, crashed)
        raise UserError(f"the cocotb simulation of {top} failed: {e} (log {workdir / 'sim.log'})") from None
    if not result.exists():
        raise UserError(f"the cocotb run wrote no result (log {workdir / 'sim.log'})")
    out = json.loads(result.read_text())
    _, failed = get_results(xml)
    out["passed"] = failed == 0
    return out
