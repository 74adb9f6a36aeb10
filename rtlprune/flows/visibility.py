"""Minimal visibility: a Verilator control file that makes public only what a cocotb test
touches, instead of cocotb's --public-flat-rw, which makes every signal public, stops
Verilator's own dead-code removal and is, by Verilator's maintainers' measure, up to 7x slower.

Public (read-write, as cocotb needs to drive inputs): the ports of the cocotb toplevel and the
signals rtlprune keeps (`--keep`), which a test may read. A test that reaches anything else
through `dut.` fails to find it: keep it (`--keep`), or leave visibility at cocotb's default.
"""

from __future__ import annotations

from collections.abc import Iterable

NO_PUBLIC = "--no-public-flat-rw"  # after cocotb's --public-flat-rw on Verilator's command line: it wins


def control_file(top: str, ports: Iterable[str], kept_signals: Iterable[str] = ()) -> str:
    """A Verilator control file (.vlt): public_flat_rw on each of `top`'s ports and each kept
    signal: by its whole name (the pruned netlist declares `\\core.state` in the top) and, for
    a hierarchical one, by its last part in any module (the original's `state` in `core`)."""
    lines = ["`verilator_config", "// rtlprune: minimal visibility (what a cocotb test touches)"]
    lines += [f'public_flat_rw -module "{top}" -var "{p}"' for p in ports]
    for name in kept_signals:
        lines.append(f'public_flat_rw -module "*" -var "{name}"')
        if "." in name:
            lines.append(f'public_flat_rw -module "*" -var "{name.rsplit(".", 1)[-1]}"')
    return "\n".join(lines) + "\n"


def toplevel_ports(toplevel: str, sources: Iterable[str]) -> list[str]:
    """The port names of module `toplevel`, read from the source that defines it (lexically:
    Verilog-2001 and ANSI headers)."""
    from pathlib import Path

    from rtlprune.errors import UserError
    from rtlprune.hdl.modules import module_names
    from rtlprune.hdl.ports import module_ports

    for source in sources:
        text = Path(source).read_text(encoding="latin-1")
        if toplevel in module_names(text):
            return [p.name for p in module_ports(text, toplevel)]
    raise UserError(f"minimal visibility: no source defines the toplevel '{toplevel}'")
