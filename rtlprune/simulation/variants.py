"""The sources of each variant of a design: what both pipelines (harness/, testbench/) make
from a design description and hand to the simulator, one source list per variant name."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path

# What a timed comparison builds: the design as given, its Yosys round trip (rtlprune
# --no-prune: the netlist style alone), the peer (the dropped outputs left unconnected: what the
# simulator's own dead-code removal gets) and rtlprune's output.
VARIANTS = ("original", "roundtrip", "peer", "pruned")
# The variants whose Verilator model state the corpus gives (testbench/bench.py model_state_bits).
MODEL_STATE_VARIANTS = ("original", "peer", "pruned")


class VariantSources(ABC):
    """One design (`design`) made into its variants in `build_dir`; `report` is rtlprune's JSON
    report of the pruned variant, which says what the spec kept and dropped."""
    design: object
    build_dir: Path
    report: dict

    @abstractmethod
    def sources(self, variant: str) -> list[Path]:
        """The files the simulator compiles for `variant` (one of VARIANTS), top included."""

    @property
    def kept_outputs(self) -> list[str]:
        return self.report["spec"]["kept_outputs"]

    @property
    def dropped_outputs(self) -> list[str]:
        return self.report["spec"]["dropped_outputs"]


def replace_if_changed(tmp: Path, dest: Path) -> bool:
    """Move tmp over dest unless the contents are equal (then dest keeps its mtime, and a build
    cached by content is reused)."""
    if dest.exists() and dest.read_bytes() == tmp.read_bytes():
        tmp.unlink()
        return False
    tmp.replace(dest)
    return True


def write_if_changed(path: Path, text: str) -> None:
    """Keep the file (and its mtime) when the text is the same: builds are cached by content."""
    if not (path.exists() and path.read_text(encoding="latin-1") == text):
        path.write_text(text, encoding="latin-1")
