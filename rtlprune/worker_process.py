"""Run the Yosys worker (`rtlprune.engine.worker`) in a child process; its failures become one-line errors."""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.protocol import EquivRequest, FlowRequest


def yosys_error_line(stderr: str) -> str | None:
    """The first Yosys ERROR of a log, as `file:line: message` when Yosys gave a location."""
    for line in stderr.splitlines():
        m = re.match(r"^(?:(?P<loc>\S+?:\d+): )?ERROR:\s*(?P<msg>.*)$", line.strip())
        if m:
            msg = re.sub(r"`\\?([^']*)'", r"'\1'", m["msg"]).rstrip(".")
            return f"{m['loc']}: {msg}" if m["loc"] else msg
    return None


def run_worker(request: FlowRequest | EquivRequest, log_path: Path | None = None) -> tuple[dict, float]:
    """Run `request` in `python -m rtlprune.engine.worker`; return the result and the child's peak RSS in MiB."""
    with tempfile.TemporaryDirectory(prefix="rtlprune_") as tmp:
        req, res = Path(tmp, "request.json"), Path(tmp, "result.json")
        req.write_text(json.dumps({**request.to_json(), "task": request.task}))
        log = log_path or Path(tmp, "yosys.log")
        env = dict(os.environ, PYTHONHASHSEED="0")  # deterministic set/dict order in passes
        with open(log, "w") as out:
            proc = subprocess.run(
                [sys.executable, "-m", "rtlprune.engine.worker", str(req), str(res)],
                stdout=out, stderr=subprocess.PIPE, text=True, env=env,
            )
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if proc.returncode in (0, 2) and res.exists():
            result = json.loads(res.read_text())
            if "error" in result:
                raise UserError(result["error"])
            return result, peak_mb
        message = yosys_error_line(proc.stderr)
        if message:
            raise UserError(message)
        last = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        raise UserError(f"internal error in the Yosys worker: {last} (rerun with --log FILE for the Yosys log)")
