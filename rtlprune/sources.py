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

from rtlprune.scripts import run_script
from rtlprune.system_tasks import to_prints


def read_sources(design: ys.Design, verilog: list[str], rtlil: list[str] = (), sv: bool = False,
                 defines: list[str] = (), incdirs: list[str] = ()) -> None:
    incdirs = list(incdirs)
    with tempfile.TemporaryDirectory(prefix="rtlprune_src_") as tmp:
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
        run_script(design, "read", verilog=files, rtlil=list(rtlil), sv=sv, defines=list(defines),
                   incdirs=incdirs)
