"""The one place that knows how to run Icarus Verilog: which binaries, which flags, how a model
is built (`iverilog -g2012`) and run (`vvp -n`). Icarus evaluates every net on every event and
removes no dead logic itself, so what rtlprune writes decides its speed.

Icarus comes from the system's packages (`apt-get install iverilog`, version 11 or newer); PyPI
has no wheel of it. Nothing here runs at import: `find()` looks once, when first asked.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.verilator import Executable, content_stamp

_logger = logging.getLogger(__name__)

MIN_VERSION = (11, 0)   # cocotb 2's oldest supported Icarus; -g2012 `final` and `'0` need it
INSTALL = "apt-get install iverilog"
# Every Icarus model (timed or not): identical for every variant.
BUILD_FLAGS = ("-g2012",)


@dataclass(frozen=True)
class Found:
    iverilog: Path | None
    vvp: Path | None
    version: str                    # "11.0"; "" when none was found
    note: str = ""

    def to_json(self) -> dict:
        return {"name": "icarus", "version": self.version, "path": str(self.iverilog) if self.iverilog else None}

    def describe(self) -> str:
        if self.iverilog is None:
            return f"no Icarus Verilog {self.note}".strip()
        return f"Icarus Verilog {self.version} ({self.iverilog})"


@functools.cache
def find() -> Found:
    iverilog, vvp = shutil.which("iverilog"), shutil.which("vvp")
    if not iverilog or not vvp:
        return Found(None, None, "", f"(iverilog and vvp are not on PATH: {INSTALL})")
    try:
        out = subprocess.run([iverilog, "-V"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return Found(None, None, "", f"({iverilog} -V does not run)")
    m = re.search(r"version (\d+)\.(\d+)", out)
    if not m:
        return Found(None, None, "", f"({iverilog} -V gave no version)")
    if (int(m[1]), int(m[2])) < MIN_VERSION:
        return Found(None, None, "", f"(Icarus {m[1]}.{m[2]} on PATH is older than 11.0: {INSTALL})")
    return Found(Path(iverilog), Path(vvp), f"{m[1]}.{m[2]}")


def available() -> bool:
    return find().iverilog is not None


def require() -> Found:
    """The Icarus that runs, or the one-line error a command that needs it gives."""
    found = find()
    if found.iverilog is None:
        raise UserError(f"this needs Icarus Verilog 11 or newer: {INSTALL} {found.note}".rstrip())
    return found


def flags_from_verilator(flags: list[str]) -> list[str]:
    """The defines, include directories and top parameters of a Verilator flag list, as
    iverilog's (-D, -I, -P<top>.); Verilator's own switches (-O3, -Wno-..., --trace) have no
    Icarus meaning and are left out. The top of -P is filled in by `build`."""
    out = []
    for f in flags:
        if f.startswith("+define+"):
            out += [f"-D{d}" for d in f[len("+define+"):].split("+") if d]
        elif f.startswith("+incdir+"):
            out += [f"-I{d}" for d in f[len("+incdir+"):].split("+") if d]
        elif f.startswith("-G"):
            out.append(f"-P{{top}}.{f[2:]}")
    return out


def build(sources: list[Path], top: str, out_dir: Path, flags: list[str] = (), log=None) -> Executable:
    """`iverilog -g2012 -s top` of `sources` into out_dir/sim.vvp, reused while the sources and
    flags are unchanged. `flags`: iverilog's (-D, -I, -P{top}.name=value)."""
    flags = [f.replace("{top}", top) for f in flags]
    out_dir.mkdir(parents=True, exist_ok=True)
    vvp = out_dir / "sim.vvp"
    stamp_file = out_dir / "stamp.json"
    stamp = content_stamp(list(sources), [*BUILD_FLAGS, *flags, top, "icarus", find().version])
    if vvp.exists() and stamp_file.exists():
        old = json.loads(stamp_file.read_text())
        if old["stamp"] == stamp:
            return Executable(vvp, old["build_s"], True)
    found = require()
    (log or _logger.info)(f"compiling {top} with Icarus in {out_dir}")
    vvp.unlink(missing_ok=True)
    t0 = time.time()
    proc = subprocess.run([str(found.iverilog), *BUILD_FLAGS, *flags, "-s", top, "-o", str(vvp), *map(str, sources)],
                          capture_output=True, text=True, encoding="latin-1")
    (out_dir / "build.log").write_text(proc.stdout + proc.stderr, encoding="latin-1")
    if proc.returncode != 0 or not vvp.exists():
        errs = [l for l in (proc.stdout + proc.stderr).splitlines() if "error" in l.lower()][:3]
        raise UserError(f"Icarus build of {top} failed (log {out_dir / 'build.log'}): {' | '.join(errs)}")
    secs = time.time() - t0
    stamp_file.write_text(json.dumps({"stamp": stamp, "build_s": secs}))
    return Executable(vvp, secs, False)


def command(vvp_file: Path, plusargs: list[str]) -> list[str]:
    """The command that runs a built model: `vvp -n` (a $stop ends the run as $finish does)."""
    return [str(require().vvp), "-n", str(Path(vvp_file).resolve()), *plusargs]


# vvp's own lines in a run's output (not the testbench's transcript)
RUNTIME_LINE = re.compile(r"^(VCD info: |VCD warning: |\S+:\d+: \$(finish|stop) called at )")


def model_digest(vvp_file: Path) -> str:
    """A hash of a compiled design without what differs between two compilations of one text:
    the paths of its sources (`:file_names`) and the object addresses vvp names nodes by
    (renumbered in order of appearance). Equal digests, the same model."""
    import hashlib

    text = Path(vvp_file).read_text(encoding="latin-1")
    text = re.sub(r"(?ms)^:file_names.*", "", text)
    names: dict[str, str] = {}
    text = re.sub(r"0x[0-9a-f]+", lambda m: names.setdefault(m[0], f"n{len(names)}"), text)
    return hashlib.sha256(text.encode("latin-1")).hexdigest()


def vvp_lines(text: str, top: str) -> int | None:
    """Lines of vvp code Icarus compiles `text` (top `top`) to: the measure of what it will
    evaluate on every event, as lines of C++ are Verilator's. None when Icarus refuses the text
    or is not installed."""
    import tempfile

    if not available():
        return None
    with tempfile.TemporaryDirectory(prefix="rtlprune-icarus-") as tmp:
        src = Path(tmp) / "design.v"
        src.write_text(text, encoding="latin-1")
        try:
            built = build([src], top, Path(tmp) / "build", log=lambda _m: None)
        except UserError:
            return None
        return len(built.binary.read_bytes().splitlines())
