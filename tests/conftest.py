"""Shared helpers: run the real `rtlprune` command, prove equivalence, build with Verilator."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from rtlprune import verilator
from rtlprune.formal import check_equivalence
from rtlprune.read_options import ReadOptions

DESIGNS = Path(__file__).parent / "designs"
REPO = Path(__file__).resolve().parent.parent


@dataclass
class Pruned:
    returncode: int
    stdout: str
    stderr: str
    output: Path
    report_path: Path

    @property
    def report(self) -> dict:
        return json.loads(self.report_path.read_text())

    @property
    def verilog(self) -> str:
        return self.output.read_text()

    def cells(self, cell_type: str, when: str = "after") -> int:
        return self.report[when]["cells_by_type"].get(cell_type, 0)


def run_cli(args: list[str], cwd: Path, tmpdir: Path | None = None) -> subprocess.CompletedProcess:
    """The real command; with `tmpdir`, its temporary files go there (TMPDIR)."""
    env = dict(os.environ, TMPDIR=str(tmpdir)) if tmpdir else None
    return subprocess.run([sys.executable, "-m", "rtlprune", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=env)


@pytest.fixture
def prune(tmp_path):
    def prune_design(sources: list, *args: str, output: str = "pruned.v") -> Pruned:
        # The tests of the transform read what pruning removed, which only the netlist form shows;
        # the choice of form (hdl/tie_off.py) has tests of its own that give --top-form.
        if "--top-form" not in args:
            args = (*args, "--top-form", "netlist")
        proc = run_cli([*sources, "-o", output, *args], tmp_path)
        out = tmp_path / output
        result = Pruned(proc.returncode, proc.stdout, proc.stderr, out, out.with_suffix(".report.json"))
        assert proc.returncode == 0, proc.stderr
        return result

    return prune_design


def assert_equivalent(pruned: Pruned, sources: list, reset: str | None = "rst", cycles: int = 20,
                      timeout: int = 300, **read) -> None:
    """`read`: the ReadOptions the design was pruned with (sv=True, defines=[...], ...)."""
    report = pruned.report
    check_equivalence([str(s) for s in sources], str(pruned.output), report["top"], report["spec"],
                      cycles=cycles, reset=reset, read=ReadOptions(**read), timeout=timeout)


def assert_verilator_builds(pruned: Pruned, tmp_path: Path, extra_sources: list = (), extra_flags: list = ()) -> None:
    top = pruned.report["top"]
    sources = [str(pruned.output), *map(str, extra_sources)]
    lint = verilator.lint(sources, top, list(extra_flags))
    assert lint.returncode == 0 and "%Warning" not in lint.stderr, lint.stderr
    build = verilator.build_library(sources, top, tmp_path / "obj_dir", list(extra_flags))
    assert build.returncode == 0, build.stderr[-3000:]
