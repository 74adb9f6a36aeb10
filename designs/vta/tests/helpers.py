"""Helpers of the designs/vta tests: emit vta_top in a subprocess, build the cocotb model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def emit(config: str, out: Path) -> Path:
    """`python -m designs.vta emit` in a subprocess (a Yosys error ends the whole process)."""
    proc = subprocess.run([sys.executable, "-m", "designs.vta", "emit", "--config", config, "-o", str(out)],
                          cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert out.exists()
    return out


class CocotbModel:
    """vta_sim_top around one vta_top, built once for cocotb; `run(program)` runs a program."""

    def __init__(self, config: str, root: Path):
        from designs.vta.harness.build import build_cocotb

        self.root = root
        self.verilog = emit(config, root / f"vta_{config}.v")
        self.build_dir = root / "sim_build"
        self.runner = build_cocotb(self.verilog, self.build_dir)
        self.n = 0

    def run(self, program, **kw) -> dict:
        from designs.vta.harness.build import run_cocotb

        self.n += 1
        return run_cocotb(self.runner, program, self.root / f"run{self.n}_{program.name}", **kw)
