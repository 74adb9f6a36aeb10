"""Every prune of the simulation flows (the pruned, round-trip and flat-cone variants) goes
through `rtlprune.prune`, as the command's does: one call, one set of checks."""

from __future__ import annotations

from pathlib import Path

from rtlprune.api import prune
from rtlprune.errors import UserError


def prune_variant(what: str, sources: list, top: str, output: Path, report: Path, **options) -> None:
    """rtlprune.prune quietly into `output` and `report`; a problem with the input reads
    "`what`: <rtlprune's one line>"."""
    try:
        prune([str(s) for s in sources], top=top, output=output, report=report, progress=False, **options)
    except UserError as e:
        raise UserError(f"{what}: {e}") from None
