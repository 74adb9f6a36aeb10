"""Where rtlprune keeps what is slow to make and the same every time (Verilator's compiled
runtime, pyverilog's parser tables): the user's cache directory, never the project's."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir(name: str) -> Path:
    """$XDG_CACHE_HOME/rtlprune/<name> (~/.cache when unset); not created here."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rtlprune" / name
