"""Input files a workload makes with a command of the user's (a test-vector generator), run once
in an empty directory of the build and kept while the command is the same; the files it writes
join the workload's files, copied into every run's directory.

A generator named `python` or `python3` runs under the interpreter that runs rtlprune, which
has the packages rtlprune was installed with."""

from __future__ import annotations

import json
import logging
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.simulation.testbench.description import Workload

_logger = logging.getLogger(__name__)

STAMP = ".rtlprune-command.json"


def with_generated_inputs(workload: Workload, directory: Path, log=None, timeout_s: float = 1800.0) -> Workload:
    """`workload` with the files its `command` writes (none without a command)."""
    if not workload.command:
        return workload
    command = [sys.executable if i == 0 and w in ("python", "python3") else w for i, w in enumerate(workload.command)]
    stamp = directory / STAMP
    if not (stamp.is_file() and json.loads(stamp.read_text()) == workload.command):
        if directory.exists():
            shutil.rmtree(directory)
        directory.mkdir(parents=True)
        (log or _logger.info)(f"workload {workload.name}: making its inputs: {' '.join(workload.command)}")
        try:
            proc = subprocess.run(command, cwd=directory, capture_output=True, text=True, timeout=timeout_s)
        except FileNotFoundError:
            raise UserError(f"workload '{workload.name}': command {command[0]!r} not found") from None
        except subprocess.TimeoutExpired:
            raise UserError(f"workload '{workload.name}': command did not finish within {timeout_s:.0f} s") from None
        if proc.returncode != 0:
            last = (proc.stderr.strip() or proc.stdout.strip()).splitlines()[-1:] or [""]
            raise UserError(f"workload '{workload.name}': command exited with status {proc.returncode}: {last[0]}")
        stamp.write_text(json.dumps(workload.command))   # written last: a failed command is run again
    made = sorted(p for p in directory.iterdir() if p.name != STAMP)
    if not made:
        raise UserError(f"workload '{workload.name}': command wrote no file in {directory}")
    return replace(workload, files=[*workload.files, *made])
