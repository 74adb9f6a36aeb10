"""A design run by the user's own testbench, unmodified: its TOML description.

The description names the DUT's sources (pruned), the testbench's sources (compiled as they are
with every variant), the testbench top, the DUT module and its instance path, the observation
spec, the Verilator flags the testbench needs and its workloads (plusargs and files per run).
A run ends when the testbench calls `$finish`. Paths are relative to `root`, which may name an
environment variable (`root = "$PICORV32"`): third-party RTL stays in the user's checkout.

Instead of `sources`/`testbench`, `rtlmeter = "<rtlmeter checkout>/designs/<Design>"` reads an
RTLMeter descriptor.yaml (`rtlmeter.py`); `testbench` then lists which of its sources are the
testbench's, the rest being the DUT's.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.read_options import ReadOptions
from rtlprune.simulation.description_file import read_toml

REQUIRED = ("top", "dut_module", "dut_instance", "clock", "workloads")


@dataclass
class Workload:
    name: str
    plusargs: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)   # copied into the run's directory
    command: list[str] = field(default_factory=list)  # makes more input files (workload_inputs.py)


@dataclass
class TestbenchDesign:
    __test__ = False                # not a pytest test class, despite its name
    path: Path
    name: str
    root: Path
    sources: list[Path]             # the DUT's RTL: what rtlprune reads
    testbench: list[Path]           # compiled as is with every variant
    top: str                        # the testbench's top module
    dut_module: str
    dut_instance: str               # hierarchical path of the DUT instance, e.g. testbench.uut
    clock: str                      # the DUT's clock input (the trace monitor samples on it)
    workloads: dict[str, Workload]
    drop: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    defines: dict[str, str] = field(default_factory=dict)
    includes: list[Path] = field(default_factory=list)
    parameters: dict[str, str] = field(default_factory=dict)    # of the testbench top (-G)
    verilator_args: list[str] = field(default_factory=list)
    main: Path | None = None        # the user's C++ main; else `verilator --binary`
    origin: str = ""                # where to get the checkout (printed when root is missing)
    default_workloads: list[str] = field(default_factory=list)  # what `corpus` runs unless told
    finish_on: str | None = None    # a DUT output: the run ends at the first clock edge it is 1
    # every variant also ends one clock edge after the original's last: for a testbench that
    # would not reach $finish when a dropped output reads differently (it loops on a failed check)
    finish_with_original: bool = False
    # the testbench reads a dropped output back (it checks the data): its own run is expected to
    # differ from the original's by that environment feedback; the lockstep run is the check
    reads_dropped: bool = False
    # under Icarus, where its [icarus] table names a top Verilator cannot see (one under `ifndef
    # VERILATOR`): the top, instance, C++ main and top parameters of the Verilator description
    verilator_keys: dict = field(default_factory=dict)

    # --- loading ---------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path, simulator: str = "verilator") -> TestbenchDesign:
        """The description at `path` as `simulator` runs it: under Icarus, its `[icarus]` table
        (a Verilog testbench where the Verilator one is a C++ main, a shorter workload) replaces
        the keys it names."""
        path = Path(path)
        d = read_toml(path)
        base = d
        d = _for_simulator(path, d, simulator)
        known = {"name", "root", "origin", "rtlmeter", "rtlmeter_config", "sources", "testbench", "top",
                 "dut_module", "dut_instance", "clock", "workloads", "drop", "keep", "defines", "includes",
                 "parameters", "verilator_args", "main", "default_workloads", "finish_on",
                 "finish_with_original", "reads_dropped", "icarus"}
        unknown = set(d) - known
        if unknown:
            raise UserError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
        origin = d.get("origin", "")
        root = _expand_root(path, d.get("root", "."), origin)
        if "rtlmeter" in d:
            from rtlprune.simulation.testbench.rtlmeter import read_descriptor
            r = read_descriptor(root / d["rtlmeter"], d.get("rtlmeter_config", "default"), d, path)
            # the TOML's own keys win; its lists and tables extend the descriptor's
            d = {**r, **d, "testbench": [*d.get("testbench", []), *r.pop("rtlmeter_testbench")],
                 "defines": {**r["defines"], **d.get("defines", {})},
                 "includes": [*r["includes"], *d.get("includes", [])],
                 "verilator_args": [*r["verilator_args"], *d.get("verilator_args", [])],
                 "workloads": {**r["workloads"], **d.get("workloads", {})}}
        missing = [k for k in (*REQUIRED, "sources", "testbench") if k not in d]
        if missing:
            raise UserError(f"{path}: missing key(s) {', '.join(missing)}")

        def files(key: str, what: str) -> list[Path]:
            out = [p if Path(p).is_absolute() else root / p for p in map(Path, d.get(key, []))]
            for p in out:
                if not p.exists():
                    raise UserError(f"{path}: {what} {p} does not exist")
            return out

        testbench = files("testbench", "testbench file")
        sources = [s for s in files("sources", "source") if s not in testbench]
        if not sources:
            raise UserError(f"{path}: no DUT sources (every source is listed as the testbench's)")
        workloads = {}
        for name, w in d["workloads"].items():
            bad = set(w) - {"plusargs", "files", "local_files", "command"}
            if bad:
                raise UserError(f"{path}: workload '{name}': unknown key(s) {', '.join(sorted(bad))}")
            # files: in the checkout (root); local_files: beside the description (a user's own inputs)
            wl = Workload(name, list(w.get("plusargs", [])),
                          [p if Path(p).is_absolute() else root / p for p in map(Path, w.get("files", []))]
                          + [p if Path(p).is_absolute() else path.parent / p
                             for p in map(Path, w.get("local_files", []))],
                          _command(path, name, w.get("command", []), origin))
            for p in wl.files:
                if not p.exists():
                    raise UserError(f"{path}: workload '{name}': file {p} does not exist")
            workloads[name] = wl
        if not workloads:
            raise UserError(f"{path}: no workloads")
        main = _main(path, d.get("main"), origin)
        design = cls(path=path.resolve(), name=d.get("name", path.stem), root=root, sources=sources,
                     testbench=testbench, top=d["top"], dut_module=d["dut_module"],
                     dut_instance=d["dut_instance"], clock=d["clock"], workloads=workloads,
                     drop=list(d.get("drop", [])), keep=list(d.get("keep", [])),
                     defines={k: str(v) for k, v in d.get("defines", {}).items()},
                     includes=[Path(i) if Path(i).is_absolute() else root / i for i in d.get("includes", [])],
                     parameters={k: str(v) for k, v in d.get("parameters", {}).items()},
                     verilator_args=list(d.get("verilator_args", [])), main=main, origin=origin,
                     default_workloads=list(d.get("default_workloads", [])), finish_on=d.get("finish_on"),
                     finish_with_original=d.get("finish_with_original", False),
                     reads_dropped=d.get("reads_dropped", False))
        if d["top"] != base.get("top", d["top"]):
            design.verilator_keys = {"top": base["top"], "dut_instance": base.get("dut_instance", d["dut_instance"]),
                                     "main": _main(path, base.get("main"), origin),
                                     "parameters": {k: str(v) for k, v in base.get("parameters", {}).items()}}
        for key in ("finish_with_original", "reads_dropped"):
            if not isinstance(getattr(design, key), bool):
                raise UserError(f"{path}: {key}: expected true or false")
        if design.finish_on is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$]*", str(design.finish_on)):
            raise UserError(f"{path}: finish_on '{design.finish_on}': expected the name of an output of "
                            f"{design.dut_module}")
        for w in design.default_workloads:
            design.workload(w)
        design.definition_file()  # fails early if the DUT module is not defined exactly once
        design.check_instance()
        return design

    @property
    def ends_in_wrapper(self) -> bool:
        """Does every variant, the original too, need the wrapper that ends the run?"""
        return bool(self.finish_on) or self.finish_with_original

    def for_verilator(self) -> TestbenchDesign:
        """The design as Verilator elaborates it, for what is read with Verilator under any
        simulator (the instance's parameters, the model state): the Verilator description's top
        where the [icarus] table names another."""
        return replace(self, **self.verilator_keys, verilator_keys={}) if self.verilator_keys else self

    def workload(self, name: str) -> Workload:
        if name not in self.workloads:
            raise UserError(f"unknown workload '{name}' for design {self.name}; "
                            f"choose one of {', '.join(self.workloads)}")
        return self.workloads[name]

    # --- what the tools need ---------------------------------------------------------------
    def definition_file(self) -> Path:
        """The one DUT source that defines the DUT module."""
        pattern = re.compile(r"^\s*module\s+" + re.escape(self.dut_module) + r"\b", re.MULTILINE)
        hits = [s for s in self.sources if pattern.search(s.read_text(encoding="latin-1"))]
        if len(hits) != 1:
            where = ", ".join(map(str, hits)) or "none of the sources"
            raise UserError(f"{self.path}: module '{self.dut_module}' must be defined in exactly one source "
                            f"(found in {where})")
        return hits[0]

    def check_instance(self) -> None:
        """The instance path's last name must instantiate the DUT module somewhere in the
        testbench or the sources (lexically: `module [#(...)] name (`)."""
        from rtlprune.hdl.lexer import blank_comments

        inst = self.dut_instance.split(".")[-1]
        pattern = re.compile(r"\b" + re.escape(self.dut_module) + r"\s*(?:#\s*\((?:[^()]|\([^()]*\))*\)\s*)?"
                             + re.escape(inst) + r"\s*\(")
        for f in [*self.testbench, *self.sources]:
            if pattern.search(blank_comments(f.read_text(encoding="latin-1"))):
                return
        raise UserError(f"{self.path}: no instance '{inst}' of module '{self.dut_module}' in the testbench or "
                        f"the sources (dut_instance = \"{self.dut_instance}\")")

    def dut_sources(self) -> list[Path]:
        """The sources rtlprune reads: those defining the DUT module and every module its text
        names, transitively (lexically: a name in a module's text counts as a use), and those
        defining no module at all (headers of macros). Other modules of the source list (the
        SoC around a core, monitors) are the testbench's business."""
        from rtlprune.hdl.lexer import blank_comments
        from rtlprune.hdl.modules import module_names

        defines: dict[str, Path] = {}
        bodies: dict[str, set[str]] = {}
        no_module = []
        for s in self.sources:
            text = blank_comments(s.read_text(encoding="latin-1"))
            names = module_names(text)
            if not names:
                no_module.append(s)
            for chunk in re.split(r"\bendmodule\b", text):
                m = re.search(r"\bmodule\s+\\?([\w$]+)", chunk)
                if m:
                    defines.setdefault(m[1], s)
                    bodies[m[1]] = set(re.findall(r"[A-Za-z_][\w$]*", chunk[m.end():]))
        used, todo = set(), [self.dut_module]
        while todo:
            m = todo.pop()
            if m in used or m not in defines:
                continue
            used.add(m)
            todo += [n for n in bodies[m] if n in defines]
        files = {defines[m] for m in used}
        return [s for s in self.sources if s in files or s in no_module]

    def read_options(self, parameters: list[str] = ()) -> ReadOptions:
        """How rtlprune reads the DUT: the testbench's defines and include directories, and
        `parameters` (NAME=VALUE) for the DUT's top."""
        return ReadOptions(defines=[f"{k}={v}" if v != "" else k for k, v in self.defines.items()],
                           incdirs=[str(i) for i in self.includes], parameters=parameters)

    def verilator_flags(self) -> list[str]:
        """The testbench's own Verilator flags (identical for every variant)."""
        flags = [f"+define+{k}={v}" if v != "" else f"+define+{k}" for k, v in self.defines.items()]
        flags += [f"+incdir+{i}" for i in self.includes]
        flags += [f"-G{k}={v}" for k, v in self.parameters.items()]
        return [*flags, *self.verilator_args]


# what an [icarus] table may set: how the testbench runs, not what is pruned
SIMULATOR_KEYS = {"top", "dut_instance", "testbench", "main", "parameters", "default_workloads", "defines"}


def _for_simulator(path: Path, d: dict, simulator: str) -> dict:
    """The description's keys for `simulator`. Icarus runs no C++ main: a description whose
    testbench is one needs an [icarus] table naming a Verilog top (`main = ""` for none)."""
    table = d.get("icarus", {})
    if not isinstance(table, dict):
        raise UserError(f"{path}: icarus: expected a table of keys ({', '.join(sorted(SIMULATOR_KEYS))})")
    bad = set(table) - SIMULATOR_KEYS
    if bad:
        raise UserError(f"{path}: [icarus]: unknown key(s) {', '.join(sorted(bad))} "
                        f"(it may set {', '.join(sorted(SIMULATOR_KEYS))})")
    if simulator != "icarus":
        return d
    d = {**d, **table}
    if d.get("main") == "":
        d.pop("main")
    if d.get("main"):
        raise UserError(f"{path}: the testbench is a C++ main ({d['main']}), which Icarus cannot run; "
                        "an [icarus] table with a Verilog top and main = \"\" would run it")
    return d


def _main(path: Path, main: str | None, origin: str) -> Path | None:
    """The C++ main's path: relative to the description; $VARIABLES name a checkout's file."""
    if main is None:
        return None
    out = _expand_vars(path, "main", main, origin)
    out = out if out.is_absolute() else path.parent / out
    if not out.is_file():
        raise UserError(f"{path}: C++ main {out} does not exist")
    return out


def _command(path: Path, workload: str, command, origin: str) -> list[str]:
    """A workload's `command`: a list of words, $VARIABLES expanded (checkout paths)."""
    if not isinstance(command, list) or not all(isinstance(w, str) for w in command):
        raise UserError(f"{path}: workload '{workload}': command must be a list of strings, "
                        f"e.g. [\"python3\", \"$CHECKOUT/gen.py\", \"--n\", \"100\"]")
    return [_expand_text(path, f"workload '{workload}' command", w, origin) for w in command]


def _expand_text(path: Path, key: str, value: str, origin: str) -> str:
    """`value` with $VARIABLES from the environment (Make passes checkout paths this way)."""
    unset = [n for n in re.findall(r"\$\{?(\w+)\}?", value) if not os.environ.get(n)]
    if unset:
        how = f" (a checkout of {origin})" if origin else ""
        raise UserError(f"{path}: {key} {value}: set {', '.join(unset)} to the checkout's path{how}")
    return os.path.expandvars(value)


def _expand_vars(path: Path, key: str, value: str, origin: str) -> Path:
    return Path(_expand_text(path, key, value, origin))


def _expand_root(path: Path, root: str, origin: str) -> Path:
    """`root` relative to the description, with $VARIABLES from the environment."""
    expanded = _expand_vars(path, "root", root, origin)
    resolved = (expanded if expanded.is_absolute() else path.parent / expanded).resolve()
    if not resolved.is_dir():
        raise UserError(f"{path}: root {resolved} is not a directory")
    return resolved
