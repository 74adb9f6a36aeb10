"""The last edits of the Verilog that write_verilog wrote, before it reaches the user.

- Tagged $write statements become the $finish/$fatal/... they stand for (`system_tasks`).
- `// synopsys parallel_case` goes: Verilator turns each into a run-time one-hot check of the
  case select (VL_ONEHOT_I, a quarter of the simulation time of a pruned VTA). Without the
  pragma a `casez` takes its first matching item, which is what Verilator executes with it
  too; Yosys makes $pmux cells only of mutually exclusive selects, so the check never fires.
"""

from __future__ import annotations

from pathlib import Path

from rtlprune.engine.system_tasks import from_prints

PARALLEL_CASE = " // synopsys parallel_case"


def finish_verilog(path: Path) -> None:
    """Apply the edits above to the file in place."""
    text = path.read_text(encoding="latin-1")
    path.write_text(from_prints(text).replace(PARALLEL_CASE, ""), encoding="latin-1")
