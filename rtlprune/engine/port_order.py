"""The top's ports in the order its source declares them.

yosys-slang numbers a module's ports in an order of its own (for `clk, rst, a, b` it gave
`a, b, clk, rst`), and write_verilog writes them in that order: a testbench that connects the
DUT by position would be wired to the wrong ports of the output, silently where the widths
agree. The order of the module header's port list decides, as it does for an instance.
"""

from __future__ import annotations

from pathlib import Path

from pyosys import libyosys as ys

from rtlprune.hdl.ports import header_port_names


def restore_port_order(module: ys.Module) -> bool:
    """Renumber `module`'s ports in its header's order; False if the header cannot be matched
    with the ports (the order is then left as the front end made it)."""
    ports = {w.name.str().lstrip("\\"): w for w in module.wires_.values() if w.port_id}
    srcs = {w.get_src_attribute().split("|")[0].rsplit(":", 1)[0] for w in ports.values()}
    srcs.discard("")
    if len(srcs) != 1:
        return False
    path = Path(srcs.pop())
    if not path.is_file():
        return False
    names = header_port_names(path.read_text(encoding="latin-1"), module.name.str().lstrip("\\"))
    if not names or sorted(names) != sorted(ports):
        return False
    for index, name in enumerate(names, start=1):
        ports[name].port_id = index
    module.fixup_ports()
    return True
