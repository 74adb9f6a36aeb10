"""A flattened module as plain Python data, loaded from Yosys' `write_json`.

`write_json` (C++) resolves aliases for us: every net bit is one integer, constants are the
strings "0", "1", "x", "z". Walking this is several times faster than walking pyosys objects.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


@dataclass(slots=True)
class Cell:
    name: str
    type: str
    params: dict[str, str]
    attrs: dict[str, str]
    inputs: dict[str, list]
    outputs: dict[str, list]

    def int_param(self, name: str, default: int = 0) -> int:
        value = self.params.get(name)
        if value is None:
            return default
        return int(value.replace("x", "0").replace("z", "0"), 2)


@dataclass
class Netlist:
    name: str
    ports: dict[str, tuple[str, list]]  # name -> (direction, bits)
    cells: list[Cell]
    netnames: dict[str, tuple[bool, list, dict]]  # name -> (hidden, bits, attributes)
    attributes: dict[str, str] = field(default_factory=dict)   # the module's own (blackbox, ...)

    @property
    def max_bit(self) -> int:
        top = 1
        for c in self.cells:
            for sig in (*c.inputs.values(), *c.outputs.values()):
                for b in sig:
                    if type(b) is int and b > top:
                        top = b
        for _hidden, bits, _attrs in self.netnames.values():
            for b in bits:
                if type(b) is int and b > top:
                    top = b
        return top


def load_netlist(json_text: str, module: str) -> Netlist:
    return _netlist(module, json.loads(json_text)["modules"][module])


def load_design(json_text: str) -> dict[str, Netlist]:
    """Every module of a `write_json` of a design, by name."""
    return {name: _netlist(name, data) for name, data in json.loads(json_text)["modules"].items()}


def _netlist(name: str, data: dict) -> Netlist:
    cells = []
    for cell_name, c in data.get("cells", {}).items():
        dirs = c.get("port_directions", {})
        ins, outs = {}, {}
        for port, bits in c["connections"].items():
            # Cells of unknown modules have no directions: treat every port as an input.
            (outs if dirs.get(port) == "output" else ins)[port] = bits
        cells.append(Cell(cell_name, c["type"], c.get("parameters", {}), c.get("attributes", {}), ins, outs))
    ports = {n: (p["direction"], p["bits"]) for n, p in data.get("ports", {}).items()}
    netnames = {
        n: (bool(w.get("hide_name")), w["bits"], w.get("attributes", {}))
        for n, w in data.get("netnames", {}).items()
    }
    return Netlist(name, ports, cells, netnames, data.get("attributes", {}))
