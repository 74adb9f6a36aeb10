"""Check a pruned design against its original with bounded formal equivalence (in the worker)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from rtlprune.counterexample import first_difference
from rtlprune.errors import UserError
from rtlprune.protocol import EquivRequest
from rtlprune.read_options import ReadOptions
from rtlprune.worker_process import run_worker


def check_equivalence(sources: list[str], pruned: str, top: str, spec: dict, cycles: int = 20,
                      reset: str | None = None, read: ReadOptions = ReadOptions(), timeout: int = 300) -> dict:
    """Prove every observed signal equal for `cycles` cycles, reading `sources` as `read` says
    (as pruning read them); raise UserError naming the first signal and cycle that differ."""
    with tempfile.TemporaryDirectory(prefix="rtlprune_equiv_") as tmp:
        model = Path(tmp) / "counterexample.json"
        request = EquivRequest(sources=list(sources), pruned=pruned, top=top, spec=spec, cycles=cycles, reset=reset,
                               read=read, timeout=timeout, counterexample=str(model))
        try:
            return run_worker(request)[0]
        except UserError as e:
            where = first_difference(model) if "proof did fail" in str(e) else None
            if where is None:
                raise
            raise UserError(f"not equivalent (the proof did fail): {where}") from None
