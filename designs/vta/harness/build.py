"""Build and run vta_sim_top under Verilator with the stand-alone C++ driver (no Python per cycle)."""

from __future__ import annotations

import re
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from rtlprune import verilator

HERE = Path(__file__).parent
HARNESS_V = HERE / "vta_sim_top.v"
SIM_MAIN = HERE / "sim_main.cpp"
VERILATOR_FLAGS = [*verilator.TIMING_FLAGS, *verilator.LINT_WAIVERS, "-Wno-fatal"]


@dataclass
class SimResult:
    done: bool
    timeout: bool
    cycles: int          # vta_top's cycle counter, launch to finish
    sim_cycles: int      # harness cycles
    seconds: float       # simulation wall time (excludes build)


def build(vta_verilog: str | Path, build_dir: str | Path, jobs: int = 2) -> tuple[Path, float]:
    """Verilate vta_sim_top + the given vta_top Verilog; returns (binary, build seconds)."""
    build_dir = Path(build_dir)
    build_dir.mkdir(parents=True, exist_ok=True)
    t0 = time.time()
    cmd = ["verilator", "--cc", "--exe", "--build", "-j", str(jobs), *VERILATOR_FLAGS,
           "--top-module", "vta_sim_top", "-Mdir", str(build_dir / "obj"), "-o", "vta_sim",
           str(HARNESS_V), str(Path(vta_verilog).resolve()), str(SIM_MAIN)]
    proc = subprocess.run(cmd, env=verilator.env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"verilator build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return build_dir / "obj" / "vta_sim", time.time() - t0


def run(binary: str | Path, image: str | Path, dump: str | Path, max_cycles: int = 0,
        latency: int | None = None, wall_timeout: float | None = None) -> SimResult:
    args = [str(binary), f"+dram_image={image}", f"+dram_dump={dump}", f"+max_cycles={max_cycles}"]
    if latency is not None:
        args.append(f"+dram_latency={latency}")
    proc = subprocess.run(args, capture_output=True, text=True, timeout=wall_timeout)
    m = re.search(r"done=(\d) timeout=(\d) cycles=(\d+) sim_cycles=(\d+) seconds=([\d.]+)", proc.stdout)
    if proc.returncode != 0 or not m:
        raise RuntimeError(f"simulation failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return SimResult(m.group(1) == "1", m.group(2) == "1", int(m.group(3)), int(m.group(4)), float(m.group(5)))
