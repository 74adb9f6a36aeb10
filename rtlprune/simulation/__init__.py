"""rtlprune.simulation: prove and measure. Equivalence runs of an original and a pruned design under
Verilator (lockstep and trace modes, cocotb or a C++ driver), the trace comparison tool, and the
timing comparison of the four variants (original, Yosys round trip, Verilator-only peer, pruned).

The wrapper, recorder and driver sources are generated from jinja2 templates (``templates/``)
from the design's ports and the observation spec, so a design needs only a harness and a small
TOML description (see sim/README.md)."""

import logging
import sys

import jinja2

TEMPLATES = jinja2.Environment(loader=jinja2.PackageLoader("rtlprune.simulation", "templates"),
                               trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                               keep_trailing_newline=True)
_log = logging.getLogger(__name__)


def simulator_tag(simulator: str) -> str:
    """The suffix of build directories and pruned files made for `simulator`: none for
    Verilator (the default), `-icarus` for Icarus, so the two never share a file."""
    return "" if simulator == "verilator" else f"-{simulator}"


class RunLog:
    """The timed runs as they go: a bar on a terminal, a line per run in a log (CI)."""

    def __init__(self, what: str, total: int):
        from rtlprune.progress import Progress

        self.bar = Progress(f"rtlprune.simulation: {what}", total) if sys.stderr.isatty() else None
        self.done = 0

    def step(self, msg: str) -> None:
        self.done += 1
        if self.bar is None:
            _log.info(msg)
        else:
            self.bar.update(self.done, msg)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
