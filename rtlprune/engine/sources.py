"""Read a design's sources into a Yosys design, the one way the flow and the formal check share.

Verilog is read as Verilator reads it (`SYNTHESIS` undefined). A source that uses $finish,
$stop, $fatal, $error, $warning or $info in a procedural block is read from a rewritten copy
(see `system_tasks`) that starts with a `line directive, so Yosys still names the user's file
and line in its messages; the copy's directory is not the original's, hence the extra -I.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from pyosys import libyosys as ys

from rtlprune.engine.system_tasks import to_prints


def rewrite_system_tasks(verilog: list[str], incdirs: list[str], tmp: str) -> tuple[list[str], list[str]]:
    """The files to read (rewritten copies in `tmp` where needed) and the include directories."""
    incdirs = list(incdirs)
    files = []
    for index, path in enumerate(verilog):
        # latin-1 maps every byte to one character and back: the copy is byte-exact.
        text = Path(path).read_text(encoding="latin-1")
        rewritten, count = to_prints(text, path)
        if not count:
            files.append(path)
            continue
        copy = Path(tmp, f"{index}_{Path(path).name}")
        copy.write_text(f'`line 1 "{path}" 0\n{rewritten}', encoding="latin-1")
        files.append(str(copy))
        parent = str(Path(path).parent)
        if parent not in incdirs:
            incdirs.append(parent)
    return files, incdirs


def read_commands(verilog: list[str], rtlil: list[str], sv: bool, defines: list[str], incdirs: list[str]) -> list[str]:
    """The Yosys commands that read the sources."""
    commands = []
    if verilog:
        commands.append("read_verilog -nosynthesis" + (" -sv" if sv else "") + "".join(f" -D{d}" for d in defines)
                        + "".join(f" -I{i}" for i in incdirs) + "".join(f' "{f}"' for f in verilog))
    commands += [f'read_rtlil "{f}"' for f in rtlil]
    return commands


def read_sources(design: ys.Design, verilog: list[str], rtlil: list[str] = (), sv: bool = False,
                 defines: list[str] = (), incdirs: list[str] = ()) -> None:
    with tempfile.TemporaryDirectory(prefix="rtlprune_src_") as tmp:
        files, incdirs = rewrite_system_tasks(verilog, list(incdirs), tmp)
        for command in read_commands(files, list(rtlil), sv, list(defines), incdirs):
            ys.run_pass(command, design)
