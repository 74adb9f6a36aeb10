"""The layering promise: the host side never loads pyosys; yosys_passes imports nothing from
rtlprune; the flow printed by --show-flow is the flow that runs."""

import ast
import os
import subprocess
import sys
from pathlib import Path

from rtlprune.flow_script import FlowPrinter, flow_text, script

ROOT = Path(__file__).resolve().parents[2]
HOST_MODULES = ["rtlprune.cli", "rtlprune.spec", "rtlprune.config_file", "rtlprune.report", "rtlprune.protocol",
                "rtlprune.worker_process", "rtlprune.formal", "rtlprune.flow_script", "rtlprune.verilator",
                "rtlprune.port_check", "rtlprune.api", "rtlprune.progress", "rtlprune.counterexample", "rtlprune",
                "rtlprune.flows.makefile", "rtlprune.flows.runner"]


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_host_side_never_loads_pyosys():
    code = f"import sys; import {', '.join(HOST_MODULES)}; print([m for m in sys.modules if 'yosys' in m])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_importing_rtlprune_starts_no_process_and_loads_neither_pyosys_nor_jinja2(tmp_path):
    # A Verilator on PATH that leaves a mark when it runs: finding Verilator runs `verilator
    # --version`, which must wait for the first use, not happen on import.
    mark = tmp_path / "ran"
    fake = tmp_path / "bin" / "verilator"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\ntouch {mark}\necho 'Verilator 5.048 2025-01-01'\n")
    fake.chmod(0o755)
    code = ("import sys; import " + ", ".join(HOST_MODULES) + "; "
            "print([m for m in sys.modules if m.split('.')[0] in ('pyosys', 'libyosys', 'jinja2')])")
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}"}
    env.pop("VERILATOR_ROOT", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    assert out.strip() == "[]"
    assert not mark.exists(), "importing rtlprune ran verilator"
    # ... and the first use does look it up
    subprocess.run([sys.executable, "-c", "from rtlprune.verilator import found; print(found())"],
                   capture_output=True, text=True, check=True, env=env)
    assert mark.exists()


def test_yosys_passes_stand_alone():
    for path in (ROOT / "yosys_passes").glob("*.py"):
        assert not any(m.split(".")[0] == "rtlprune" for m in _imports(path)), path
    code = "import sys, yosys_passes.passes; print([m for m in sys.modules if m.startswith('rtlprune')])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# yosys_passes' one module without pyosys: the names of the system tasks, which the text layer shares.
PLAIN_YOSYS_PASSES = {"yosys_passes.tasks"}


def test_only_the_engine_imports_pyosys_in_rtlprune():
    assert _imports(ROOT / "yosys_passes" / "tasks.py") == set()
    for path in (ROOT / "rtlprune").rglob("*.py"):
        if "engine" in path.parts:
            continue
        imported = _imports(path) - PLAIN_YOSYS_PASSES
        assert not any(m.split(".")[0] in ("pyosys", "yosys_passes") for m in imported), path


def test_the_text_layer_loads_no_pyosys_jinja2_engine_or_simulation():
    modules = sorted(f"rtlprune.hdl.{p.stem}" for p in (ROOT / "rtlprune" / "hdl").glob("*.py") if p.stem != "__init__")
    assert {"rtlprune.hdl.lexer", "rtlprune.hdl.ports", "rtlprune.hdl.source_text", "rtlprune.hdl.tie_off"} <= set(modules)
    code = ("import sys; import " + ", ".join(modules) + "; "
            "print([m for m in sys.modules if m.split('.')[0] in ('pyosys', 'libyosys', 'jinja2') "
            "or m.startswith(('rtlprune.engine', 'rtlprune.simulation'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _folder_imports() -> dict[str, set[str]]:
    """For each folder of rtlprune/, the other folders its modules import (at any depth of a
    function too: a lazy import is still an arrow)."""
    folders = {p.name for p in (ROOT / "rtlprune").iterdir() if (p / "__init__.py").is_file()}
    arrows: dict[str, set[str]] = {f: set() for f in folders}
    for folder in folders:
        for path in (ROOT / "rtlprune" / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                         [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                         if isinstance(node, ast.ImportFrom) and node.module else [])
                for name in names:
                    parts = name.split(".")
                    if parts[0] == "rtlprune" and len(parts) > 1 and parts[1] in folders and parts[1] != folder:
                        arrows[folder].add(parts[1])
    return arrows


def test_no_import_cycle_between_folders():
    arrows = _folder_imports()
    assert arrows["hdl"] == set()
    assert "hdl" in arrows["engine"] and "hdl" in arrows["simulation"]   # the check sees arrows

    def visit(folder: str, path: list[str]) -> None:
        for nxt in arrows[folder]:
            assert nxt not in path, "import cycle: " + " -> ".join([*path, folder, nxt][path.index(nxt):])
            visit(nxt, [*path, folder])
    for folder in arrows:
        visit(folder, [])



def test_the_two_simulation_pipelines_share_only_the_common_modules():
    """harness/ and testbench/ implement one interface (variants.VariantSources, compare.Bench)
    and import each other never: what both need lives beside them in rtlprune/simulation/."""
    sim = ROOT / "rtlprune" / "simulation"
    for mine, other in (("harness", "testbench"), ("testbench", "harness")):
        uses = {m for path in (sim / mine).rglob("*.py") for m in _imports(path)}
        assert "rtlprune.simulation.compare" in uses and "rtlprune.simulation.variants" in uses, mine
        assert not any(m.startswith(f"rtlprune.simulation.{other}") for m in uses), (mine, other)

class _Recorder:
    """Records what the flow runner would be asked, with every condition true."""

    top = output = "X"
    read_commands = ["read_slang X"]
    chparam_commands = ["chparam -set W 4 X"]
    dropped_outputs = kept_signals = ["X"]
    drop_prints = drop_assertions = True
    text_modules = ["M"]

    def __init__(self):
        self.calls = []
        self.conditions = set()

    def label(self, name, about="", when=None):
        self.calls.append(("label", name))
        self.conditions |= {when} - {None}
        return True

    def run(self, command, when=None):
        self.calls.append(("run", command.split()[0]))
        self.conditions |= {when} - {None}

    def python(self, name, about, when=None):
        self.calls.append(("python", name))
        self.conditions |= {when} - {None}

    def when(self, condition):
        self.conditions.add(condition)
        return True

    def names(self, what):
        return " ".join(getattr(self, what))

    def each(self, option, what):
        return f" {option} {getattr(self, what)[0]}"

    def flag(self, option, what):
        return f" {option}"


def test_show_flow_prints_every_step_the_runner_runs():
    recorder = _Recorder()
    script(recorder)
    text = flow_text()
    for kind, name in recorder.calls:
        if kind == "label":
            assert f"\n{name}:" in text
        elif kind == "run":
            assert f"    {name}" in text
    # every python step and every condition the script names is registered, under that name
    from rtlprune.engine.steps import CONDITIONS, STEPS
    python_steps = {name for kind, name in recorder.calls if kind == "python"}
    assert python_steps <= set(STEPS), python_steps - set(STEPS)
    assert recorder.conditions <= set(CONDITIONS), recorder.conditions - set(CONDITIONS)
    assert recorder.conditions and all(f"when {c}" in text or f"only when {c}" in text for c in recorder.conditions)
    # ... and nothing is registered that the script never asks for
    assert set(STEPS) == python_steps and set(CONDITIONS) == recorder.conditions
    printed = FlowPrinter()
    script(printed)
    assert printed.lines and all(isinstance(line, str) for line in printed.lines)


def test_show_flow_on_the_command_line():
    out = subprocess.run([sys.executable, "-m", "rtlprune", "--show-flow"], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout == flow_text()
    assert "rtlprune_cone" in out.stdout and "write_verilog -noattr" in out.stdout
