"""Verilog generation: Amaranth -> RTLIL (no binary) -> Yosys in process (pyosys) -> Verilog."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from amaranth.back import rtlil

from .config import VTAConfig
from .rtl.top import VTATop

TOP_NAME = "vta_top"


def emit_rtlil(cfg: VTAConfig) -> str:
    return rtlil.convert(VTATop(cfg), name=TOP_NAME)


def emit_verilog(cfg: VTAConfig, output: str | os.PathLike) -> Path:
    """Write one Verilog file with top module `vta_top`. The file is written to a temporary name
    and renamed, so a failed run never leaves a half-written output.

    Flow: read_rtlil; hierarchy; proc; delete the memories' $meminit cells (Amaranth gives every
    Memory an all-zero init; hardware SRAMs start undefined and no program reads a buffer entry
    before writing it); opt_clean; write_verilog -noattr. Module hierarchy is kept."""
    from pyosys import libyosys as ys

    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        il = Path(tmp) / "vta.il"
        il.write_text(emit_rtlil(cfg))
        tmp_v = output.with_name(output.name + ".tmp")
        design = ys.Design()
        # Yosys logs to stdout: send it to <output>.yosys.log while it runs; the log is removed on
        # success and stays for reading if Yosys fails (a Yosys error ends the process)
        log = output.with_name(output.name + ".yosys.log")
        sys.stdout.flush()
        saved = os.dup(1)
        fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, 1)
        try:
            for cmd in (f"read_rtlil {il}", f"hierarchy -top {TOP_NAME}", "proc", "delete t:$meminit_v2", "opt_clean",
                        f"write_verilog -noattr {tmp_v}"):
                ys.run_pass(cmd, design)
            ys.log_flush()
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(fd)
        log.unlink()
        os.replace(tmp_v, output)
    return output
