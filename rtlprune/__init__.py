"""rtlprune: remove RTL logic that cannot reach the observed signals, for faster simulation.

From Python: `rtlprune.prune(...)` and `rtlprune.check_equivalence(...)` (rtlprune/api.py);
every problem with what was given raises `rtlprune.UserError`, whose message is the one line
the command prints; a failure that is not the input's (a tool crashed, a self-check of the
output failed) raises `rtlprune.ToolError`.
"""

__version__ = "0.1.0"

from rtlprune.api import Report, Result, check_equivalence, prune  # noqa: E402  (after __version__, which cli reads)
from rtlprune.errors import ToolError, UserError  # noqa: E402
from rtlprune.read_options import ReadOptions  # noqa: E402

__all__ = ["ReadOptions", "Report", "Result", "ToolError", "UserError", "check_equivalence", "prune", "__version__"]
