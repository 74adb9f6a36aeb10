"""How the sources are read: one value for the command's -D, -I, -G, --frontend, --sv and
--slang-arg, shared by the prune and equivalence requests, the Python API and the design
descriptions, so that the equivalence check reads the sources exactly as pruning did."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rtlprune.hdl.modules import module_at


@dataclass(frozen=True)
class ReadOptions:
    defines: tuple[str, ...] = ()       # NAME or NAME=VALUE
    incdirs: tuple[str, ...] = ()
    parameters: tuple[str, ...] = ()    # NAME=VALUE of the top
    frontend: str = "slang"             # "slang" (read_slang) or "yosys" (read_verilog)
    sv: bool = False                    # read .v files as SystemVerilog too
    slang_args: tuple[str, ...] = ()    # more options for read_slang
    # why slang reads the design flat, one module for the whole design ("": a module per instance):
    # a hierarchical reference, which yosys-slang follows only there (worker_process sets it)
    flat: str = ""
    # `file:line` of module definitions left out: a module defined again, which Verilator reads
    # only the first definition of (MODDUP) where slang and read_verilog would refuse or take the last
    skip_definitions: tuple[str, ...] = ()
    # `file:line: why` of what the front end could not elaborate (a loop whose exit depends on
    # data): the module holding it is read as a blackbox, its instances written as its text
    unelaborated: tuple[str, ...] = ()

    def __post_init__(self):
        # lists given (or read back from JSON) become tuples: the value is hashable and immutable
        for name in ("defines", "incdirs", "parameters", "slang_args", "skip_definitions",
                     "unelaborated"):
            object.__setattr__(self, name, tuple(str(v) for v in getattr(self, name)))

    def to_json(self) -> dict:
        return {"defines": list(self.defines), "incdirs": list(self.incdirs), "parameters": list(self.parameters),
                "frontend": self.frontend, "sv": self.sv, "slang_args": list(self.slang_args), "flat": self.flat,
                "skip_definitions": list(self.skip_definitions), "unelaborated": list(self.unelaborated)}

    @property
    def blackboxed(self) -> list[str]:
        """The modules read as blackboxes: those holding what `unelaborated` names."""
        return sorted({n for where in self.unelaborated if (n := unelaborated_module(where))})

    @classmethod
    def from_json(cls, data: dict) -> ReadOptions:
        return cls(**data)


def unelaborated_module(where: str) -> str | None:
    """The module holding what `where` (`file:line: why`, of ReadOptions.unelaborated) names."""
    m = re.match(r"^(.*?):(\d+): ", where)
    return module_at(m[1], int(m[2])) if m else None
