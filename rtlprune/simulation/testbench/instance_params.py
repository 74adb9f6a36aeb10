"""The parameter values the testbench gives the DUT instance (`dut #(.W(8)) dut (...)`), as
Verilator elaborates them: rtlprune must prune the DUT with the same values, and the pruned
module, which rtlprune writes with every parameter resolved, must still accept the instance's
`#(...)`.

Verilator's own elaboration is the reference (it is what simulates the testbench): a
`--json-only` run of the testbench and the sources dumps the tree after parameter
specialisation, in which the DUT instance's module carries each parameter with its value as a
sized constant. Only integer parameters are carried; a testbench that overrides another kind
(a string, a real, a type) is refused at Verilator's build, since the pruned module does not
declare it."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from rtlprune import verilator as vlt
from rtlprune.errors import UserError
from rtlprune.hdl.lexer import blank_comments
from rtlprune.hdl.modules import matching_paren

_CONST = re.compile(r"(\d+)'(s?)([hdbo])([0-9a-fA-F_]+)")
_BASE = {"h": 16, "d": 10, "b": 2, "o": 8}


def constant_value(text: str) -> int | None:
    """The integer of one of Verilator's constants (`32'sh10`, `1'h0`, `32'shfffffffe`), two's
    complement when signed; None for anything else (strings, reals, X/Z)."""
    m = _CONST.fullmatch(text)
    if not m:
        return None
    width, signed, base, digits = int(m[1]), m[2] == "s", m[3], m[4].replace("_", "")
    value = int(digits, _BASE[base])
    if signed and width and value >> (width - 1) & 1:
        value -= 1 << width
    return value


def has_parameter_overrides(design) -> bool:
    """Does the DUT instance's text pass parameters (`module #(...) instance (`)?"""
    inst = re.escape(design.dut_instance.split(".")[-1])
    pattern = re.compile(r"\b" + re.escape(design.dut_module) + r"\s*#\s*\(")
    for f in [*design.testbench, *design.sources]:
        text = blank_comments(f.read_text(encoding="latin-1"))
        for m in pattern.finditer(text):
            end = matching_paren(text, m.end() - 1)
            if re.match(r"\s*" + inst + r"\s*\(", text[end + 1:]):
                return True
    return False


def instance_parameters(design, scratch: Path) -> dict[str, int]:
    """Every integer parameter of the DUT instance with its elaborated value; empty when the
    instance passes none (the module's defaults are what rtlprune elaborates anyway)."""
    design = design.for_verilator()
    if not has_parameter_overrides(design):
        return {}
    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch) as tmp:
        timing = ["--timing"] if design.main is None else []
        # a fixed --prefix: Verilator mangles a top's name (`tb__x` -> `Vtb___05Fx`)
        proc = vlt.run(["--json-only", "-Wno-fatal", *vlt.LINT_WAIVERS, *timing, "--Mdir", tmp, "--prefix", "Vtree",
                        "--top-module", design.top, *design.verilator_flags(),
                        *map(str, [*design.testbench, *design.sources])],
                       progress=f"reading the parameters of {design.dut_instance} (verilator --json-only)")
        if proc.returncode != 0:
            first = next((l for l in proc.stderr.splitlines() if l.startswith("%Error")), proc.stderr.strip())
            raise UserError(f"{design.name}: Verilator cannot elaborate the testbench: {first}")
        tree = json.loads((Path(tmp) / "Vtree.tree.json").read_text())
    return _parameters_at(tree, design)


def _parameters_at(tree: dict, design) -> dict[str, int]:
    modules = {m["addr"]: m for m in tree["modulesp"] if m.get("type") == "MODULE"}
    top = next((m for m in modules.values() if m["name"] == design.top), None)
    if top is None:
        raise UserError(f"{design.name}: Verilator's tree has no top module '{design.top}'")
    module = top
    for name in design.dut_instance.split(".")[1:]:
        cell = _find_cell(module, name)
        if cell is None:      # a generate block's name on the path: its cells are the module's
            continue
        module = modules[cell["modp"]]
    if module.get("origName") != design.dut_module:
        raise UserError(f"{design.name}: Verilator finds no instance of {design.dut_module} at {design.dut_instance}")
    params = {}
    for var in module.get("stmtsp", []):
        if var.get("type") == "VAR" and var.get("isGParam"):
            value = var.get("valuep") or [{}]
            number = constant_value(value[0].get("name", "")) if value[0].get("type") == "CONST" else None
            if number is not None:
                params[var["name"]] = number
    return params


def _find_cell(node, name: str):
    """The instance `name` anywhere under `node` (inside generate blocks too)."""
    if isinstance(node, dict):
        if node.get("type") == "CELL" and node.get("name") == name:
            return node
        children = node.values()
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        if isinstance(child, (dict, list)):
            found = _find_cell(child, name)
            if found is not None:
                return found
    return None
