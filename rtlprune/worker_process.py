"""Run the Yosys worker (`rtlprune.engine.worker`) in a child process; its failures become one-line errors."""

from __future__ import annotations

import ctypes
import json
import os
import re
import resource
import signal
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from rtlprune.errors import ToolError, UserError
from rtlprune.progress import Progress, wait_ticking
from rtlprune.protocol import PROGRESS_ENV, EquivRequest, FlowRequest
from rtlprune.read_options import ReadOptions


def _include_site(name: str, sources: list[str]) -> str | None:
    """`file:line` of the first `include of `name` in the sources."""
    pattern = re.compile(r'`include\s+"' + re.escape(name) + '"')
    for source in sources:
        try:
            lines = Path(source).read_text(encoding="latin-1").splitlines()
        except OSError:
            continue
        for number, line in enumerate(lines, 1):
            if pattern.search(line):
                return f"{source}:{number}"
    return None


def yosys_error_line(stderr: str, sources: list[str] = ()) -> str | None:
    """The first Yosys ERROR of a log, as `file:line: message` when the location is known."""
    given = {os.path.abspath(src): src for src in sources}
    for line in stderr.splitlines():
        m = re.match(r"^(?:(?P<loc>\S+?):(?P<line>\d+): )?ERROR:\s*(?P<msg>.*)$", line.strip())
        if not m:
            continue
        msg = re.sub(r"`\\?([^']*)'", r"'\1'", m["msg"]).rstrip(".!")
        loc = None
        if m["loc"]:
            # slang names files relative to the working directory: give the user's spelling
            path, number = given.get(os.path.abspath(m["loc"]), m["loc"]), m["line"]
            if "unexpected end of file" in msg:
                # read_verilog names line 1 for an error at the end of a file: the end is its last line.
                try:
                    number = max(1, len(Path(m["loc"]).read_bytes().splitlines()))
                    msg += " (missing endmodule?)"
                except OSError:
                    pass
            loc = f"{path}:{number}"
        if inc := (re.match(r"Can't open include file '([^']*)'", msg)
                   or (loc and re.match(r"'([^']*)': No such file or directory$", msg))):
            loc = loc or _include_site(inc[1], list(sources))
            msg = f"cannot open include file '{inc[1]}' (add its directory with -I)"
        if ref := re.match(r"Identifier '([^']*\.[^']*)' is implicitly declared$", msg):
            msg = (f"hierarchical reference '{ref[1]}': --frontend yosys cannot follow it (read_verilog would "
                   "read it as an undeclared wire); the default front end (slang) reads it")
        if "expression of procedural for-loop is not constant" in msg:
            msg += " (read_verilog must unroll the loop; the default front end keeps such a module as its text)"
        if "module instantiation exceeded maximum depth" in msg:
            msg += " (recursive instantiation?)"
        return f"{loc}: {msg}" if loc else msg
    return None


def _prepare_worker() -> None:
    """In the worker, before exec: the kernel kills it when the parent dies, so a killed
    rtlprune never leaves a Yosys worker spinning; and its stack may grow to the hard limit,
    because Yosys recurses along long signal chains (`sat` on a 100,001-bit adder overflowed
    the default 8 MiB and died of SIGSEGV)."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    try:
        _, hard = resource.getrlimit(resource.RLIMIT_STACK)
        resource.setrlimit(resource.RLIMIT_STACK, (hard, hard))
    except (OSError, ValueError):
        pass


class YosysError(UserError):
    """A Yosys ERROR in the user's input, with the worker's whole log (run_worker reads it)."""

    def __init__(self, message: str, log: str):
        super().__init__(message)
        self.log = log


# yosys-slang follows a hierarchical reference only where it elaborates the design into one module
HIERARCHICAL_REFERENCE = "hierarchical reference across preserved module boundary"
# a module defined again: slang's errors (all of them at once); read_verilog -nooverwrite's note
_DEFINED_AGAIN = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): ERROR: duplicate definition of '[^']+'", re.M)
# what synthesis cannot elaborate and Verilator simulates: the module holding it is read as a blackbox
_UNELABORATED = re.compile(r"^(?P<file>\S+?):(?P<line>\d+): ERROR: (?P<why>unroll limit of \d+ exhausted)", re.M)
_IGNORED_AGAIN = re.compile(r"^Ignoring re-definition of module `[^']+' at (?P<file>\S+?):(?P<line>\d+)\.", re.M)


def run_worker(request: FlowRequest | EquivRequest, log_path: Path | None = None,
               progress: Progress | None = None) -> tuple[dict, float]:
    """Run `request` in `python -m rtlprune.engine.worker`; return the result and the child's peak
    RSS in MiB. With `progress`, the step the worker is in (it names each in PROGRESS_ENV's file).
    Where Verilator reads what the front end refused, the sources are read again as Verilator
    reads them (`_read_again`); the result's `read` says how."""
    while True:   # each read again sets an option for good (flat) or leaves out more: it ends
        try:
            return _run_worker(request, log_path, progress)
        except UserError as e:
            read = _read_again(request.read, str(e), e.log if isinstance(e, YosysError) else "", request.sources)
            if read is None:
                raise
            request = replace(request, read=read)


def _read_again(read: ReadOptions, message: str, log: str, sources: list[str]) -> ReadOptions | None:
    """How to read the sources again after the error `message` (its Yosys log `log`), or None:
    flat where a hierarchical reference crossed an instance (slang follows it only there);
    without the later definitions of a module defined again (Verilator reads the first and
    warns, MODDUP); with a module slang cannot unroll read as a blackbox. Each read again adds
    what the one before did not have, so the reads end."""
    if read.frontend != "slang":
        return None
    if HIERARCHICAL_REFERENCE in message and not read.flat:
        where = message.split(": ")[0] if ": " in message else ""
        return replace(read, flat=f"{where}: a hierarchical reference".lstrip(": "))
    if new := [w for w in _places(_DEFINED_AGAIN, log, sources) if w not in read.skip_definitions]:
        return replace(read, skip_definitions=(*read.skip_definitions, *new))
    if new := [w for w in _places(_UNELABORATED, log, sources) if w not in read.unelaborated]:
        return replace(read, unelaborated=(*read.unelaborated, *new))
    return None


def _places(pattern: re.Pattern, log: str, sources: list[str]) -> list[str]:
    """`file:line` (`: why` where the pattern has it) of each match in `log`, in the user's
    spelling of the file, once each."""
    given = {os.path.abspath(src): src for src in sources}
    return list(dict.fromkeys(f"{given.get(os.path.abspath(m['file']), m['file'])}:{m['line']}"
                              + (f": {m['why']}" if "why" in m.groupdict() else "") for m in pattern.finditer(log)))


def _run_worker(request: FlowRequest | EquivRequest, log_path: Path | None,
                progress: Progress | None) -> tuple[dict, float]:
    with tempfile.TemporaryDirectory(prefix="rtlprune_") as tmp:
        req, res = Path(tmp, "request.json"), Path(tmp, "result.json")
        req.write_text(json.dumps({**request.to_json(), "task": request.task}))
        log = log_path or Path(tmp, "yosys.log")
        # Deterministic set/dict order in passes; the worker's temporary files go below `tmp`,
        # which is removed here even when a Yosys ERROR ends the worker before it cleans up.
        work_tmp = Path(tmp, "tmp")
        work_tmp.mkdir()
        steps = Path(tmp, "steps.txt")
        env = dict(os.environ, PYTHONHASHSEED="0", TMPDIR=str(work_tmp), **{PROGRESS_ENV: str(steps)})
        with open(log, "w") as out, open(Path(tmp, "stderr.txt"), "w+") as err:
            child = subprocess.Popen([sys.executable, "-m", "rtlprune.engine.worker", str(req), str(res)],
                                     stdout=out, stderr=err, text=True, env=env, preexec_fn=_prepare_worker)
            def tick() -> None:
                if progress is not None and steps.exists():
                    progress.update(note=(steps.read_text().split() or [""])[-1])

            try:
                wait_ticking(child, tick)
            finally:
                if progress is not None:
                    progress.close()
            err.seek(0)
            proc = subprocess.CompletedProcess(child.args, child.returncode, None, err.read())
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        if proc.returncode in (0, 2) and res.exists():
            result = json.loads(res.read_text())
            if "error" in result:
                raise UserError(result["error"])
            if "read" in result:   # read_verilog -nooverwrite read only the first definition, and said so
                ignored = _places(_IGNORED_AGAIN, log.read_text(errors="replace"), request.sources)
                result["read"]["skip_definitions"] += [w for w in ignored if w not in result["read"]["skip_definitions"]]
            return result, peak_mb
        message = yosys_error_line(proc.stderr, request.sources)
        if message:
            raise YosysError(message, proc.stderr)
        last = (proc.stderr.strip().splitlines() or [f"exit code {proc.returncode}"])[-1]
        raise ToolError(f"the Yosys worker failed: {last} (rerun with --log FILE for the Yosys log)")
