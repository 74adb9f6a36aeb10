"""Read a design's sources into a Yosys design, the one way the flow and the formal check share.

Verilog is read as Verilator reads it (`SYNTHESIS` undefined). A source that uses $finish,
$stop, $fatal, $error, $warning or $info in a procedural block is read from a rewritten copy
(see `system_tasks`) that starts with a `line directive, so Yosys still names the user's file
and line in its messages; the copy's directory is not the original's, hence the extra -I.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from pyosys import libyosys as ys

from rtlprune.engine.async_registers import SourceCopies, hold_async_loaded
from rtlprune.hdl.modules import blank_definition_at
from rtlprune.hdl.system_tasks import to_prints
from yosys_passes.cells import OPAQUE


def rewrite_sources(verilog: list[str], incdirs: list[str], tmp: str,
                    skip_definitions: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """The files to read (rewritten copies in `tmp` where needed) and the include directories.
    A copy leaves out the module definitions `skip_definitions` names (`file:line`: a module
    defined again, which Verilator reads only the first of) and turns system tasks into prints."""
    incdirs = list(incdirs)
    files = []
    for index, path in enumerate(verilog):
        # latin-1 maps every byte to one character and back: the copy is byte-exact.
        text = original = Path(path).read_text(encoding="latin-1")
        for where in skip_definitions:
            file, _, line = where.rpartition(":")
            if os.path.abspath(file) == os.path.abspath(path):
                text = blank_definition_at(text, int(line))
        text, count = to_prints(text, path)
        if not count and text == original:
            files.append(path)
            continue
        copy = Path(tmp, f"{index}_{Path(path).name}")
        copy.write_text(f'`line 1 "{path}" 0\n{text}', encoding="latin-1")
        files.append(str(copy))
        parent = str(Path(path).parent)
        if parent not in incdirs:
            incdirs.append(parent)
    return files, incdirs


IGNORE_CASE_PROMISES = "attrmap -remove full_case -remove parallel_case"

# read_verilog takes a hierarchical reference (`w.q.count`) it cannot resolve for an undeclared
# wire, declares it implicitly and only warns: the reference would be read as an undriven wire.
# A dotted name it does resolve (a generate block's wire) is no warning; an implicit plain name
# (a net a port connection declares) stays a warning, as Verilator reads it. (Yosys has no way to
# undo a -werror; the worker reads one design, and nothing Yosys writes has an undeclared name.)
HIERARCHICAL_REFERENCE_AS_ERROR = "logger -werror \"Identifier .[^ ]*[.][^ ]*' is implicitly declared\""


# Relaxations of IEEE 1800 that Verilator has: a name used before its declaration (a third-party
# accelerator's `mem_access_state_q`), `#5` for `#(5)`, and unnamed generate blocks named genblkN.
SLANG_LENIENCY = ("--allow-use-before-declare", "--allow-bare-value-param-assigment", "--allow-genblk-reference")


def read_commands(verilog: list[str], rtlil: list[str], sv: bool, defines: list[str], incdirs: list[str],
                  frontend: str = "slang", top: str | None = None, parameters: list[str] = (),
                  slang_args: list[str] = (), keep_hierarchy: bool = True, blackboxed: list[str] = ()) -> list[str]:
    """The Yosys commands that read the sources.

    slang (`read_slang`, IEEE 1800 elaboration) gives the source the meaning Verilator gives
    it (port-connection widths, signedness in $display); `--no-synthesis-define`, because
    Verilator leaves SYNTHESIS undefined. It elaborates from the top; `--keep-hierarchy` gives
    each instance a module of its own, `<module>$<top>.<path>`, so rtlprune prunes dead instances
    before flatten and knows which instance a cell came from (engine/whole_instances.py). `yosys`
    is Yosys' own `read_verilog`, which keeps the hierarchy with one module per definition.
    RTLIL sources are read first, so slang sees their modules (as `--extern-modules` does).

    `full_case`/`parallel_case` (attributes, `// synopsys` comments, SystemVerilog's `unique` and
    `priority`) are promises to a synthesis tool that Verilator does not act on: a value the
    case does not cover keeps what the block assigned before, the first matching item wins.
    Both front ends would let `proc` act on them (an uncovered value becomes x, which Verilator
    then reads as 0), so the switches lose them before `proc` runs; slang is told not to run
    its own `proc` (`--no-proc`) for that reason.

    `--single-unit`: a macro defined in one file holds in the files after it, as in Verilator
    and read_verilog (RTLMeter's XuanTie E902 lists a header of defines first among its sources).

    `SLANG_LENIENCY`: what slang refuses and Verilator reads (each checked in
    tests/test_frontend_leniency.py); `slang_args` are the user's own (`--slang-arg`).
    `blackboxed`: modules slang cannot elaborate (ReadOptions.unelaborated), read as blackboxes."""
    commands = [f'read_rtlil "{f}"' for f in rtlil]
    if verilog and frontend == "slang":
        commands.append("read_slang --no-synthesis-define --no-proc --single-unit "
                        + ("--keep-hierarchy " if keep_hierarchy else "")
                        + " ".join(SLANG_LENIENCY) + "".join(f" {a}" for a in slang_args)
                        + "".join(f" --blackboxed-module {b}" for b in blackboxed)
                        + "".join(f" -D {d}" for d in defines)
                        + "".join(f" -I {i}" for i in incdirs) + (f" --top {top}" if top else "")
                        + "".join(f" -G {p}" for p in parameters) + "".join(f" {f}" for f in verilog))
    elif verilog:
        commands.append(HIERARCHICAL_REFERENCE_AS_ERROR)
        commands.append("read_verilog -nosynthesis -nooverwrite" + (" -sv" if sv else "") + "".join(f" -D{d}" for d in defines)
                        + "".join(f" -I{i}" for i in incdirs) + "".join(f' "{f}"' for f in verilog))
    if verilog:
        commands.append(IGNORE_CASE_PROMISES)
    return commands


def mark_opaque(design: ys.Design, blackboxed: list[str]) -> None:
    """Instances of the modules read as blackboxes because they cannot be elaborated are
    opaque (yosys_passes/cells.py: OPAQUE), not observed like a user's blackbox."""
    names = {f"\\{b}" for b in blackboxed}
    for module in design.modules_.values():
        for cell in module.cells_.values():
            if cell.type.str() in names:
                cell.set_bool_attribute(ys.IdString(f"\\{OPAQUE}"), True)


def chparam_commands(parameters: list[str], top: str, frontend: str) -> list[str]:
    """read_verilog's way to set the top's parameters (slang takes them as -G when reading)."""
    if frontend == "slang":
        return []
    return [f"chparam -set {name} {value} {top}" for name, _, value in (p.partition("=") for p in parameters)]


def read_sources(design: ys.Design, verilog: list[str], rtlil: list[str] = (), sv: bool = False,
                 defines: list[str] = (), incdirs: list[str] = (), frontend: str = "slang",
                 top: str | None = None, parameters: list[str] = (), slang_args: list[str] = (),
                 keep_hierarchy: bool = True, skip_definitions: tuple[str, ...] = (),
                 blackboxed: list[str] = ()) -> None:
    def commands(files: list[str], incdirs: list[str]) -> list[str]:
        return read_commands(files, list(rtlil), sv, list(defines), incdirs, frontend, top, list(parameters),
                             list(slang_args), keep_hierarchy, list(blackboxed))

    with tempfile.TemporaryDirectory(prefix="rtlprune_src_") as tmp:
        files, incdirs = rewrite_sources(verilog, list(incdirs), tmp, skip_definitions)
        earlier = frozenset(n.str() for n in design.modules_)
        for command in commands(files, incdirs):
            ys.run_pass(command, design)
        if frontend == "slang" and verilog:
            hold_async_loaded(design, SourceCopies(files, list(verilog), incdirs, tmp), commands, earlier)
        mark_opaque(design, blackboxed)
        for command in chparam_commands(list(parameters), top, frontend) if top else []:
            ys.run_pass(command, design)
