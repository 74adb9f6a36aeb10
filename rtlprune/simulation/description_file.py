"""The TOML file a design is described by (harness or own testbench)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from rtlprune.errors import UserError


def read_toml(path: Path) -> dict:
    """A design description's table; a missing or malformed file is a one-line error."""
    if not path.is_file():
        raise UserError(f"{path}: no such design description")
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"{path}: {e}") from None
