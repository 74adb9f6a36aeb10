"""Pruning cached on the content of what it reads: the same sources, spec and options give the
same pruned design, so a flow that asks again (every `make`, every pytest run) reuses it."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from rtlprune import __version__
from rtlprune.api import check_readable, prune
from rtlprune.errors import UserError
from rtlprune.read_options import ReadOptions


@dataclass(frozen=True)
class PruneRequest:
    sources: tuple[str, ...]
    top: str
    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    config: str | None = None
    read: ReadOptions = ReadOptions()
    extra: dict = field(default_factory=dict)   # any other keyword of rtlprune.prune

    def key(self) -> str:
        """A hash of everything the result depends on: rtlprune's version, the options, and
        each file's bytes (a source's includes are not followed: touch the source, or clear the cache)."""
        h = hashlib.sha256(__version__.encode())
        files = [*self.sources, *([self.config] if self.config else [])]
        for f in files:
            check_readable(f)
            h.update(os.path.abspath(f).encode() + b"\0" + Path(f).read_bytes() + b"\0")
        options = {k: v for k, v in vars(self).items() if k not in ("sources", "read")} | self.read.to_json()
        h.update(json.dumps(options, sort_keys=True, default=list).encode())
        return h.hexdigest()[:16]


@dataclass(frozen=True)
class Pruned:
    verilog: Path
    report_path: Path
    reused: bool

    @property
    def report(self) -> dict:
        return json.loads(self.report_path.read_text())


def prune_cached(req: PruneRequest, cache_dir: Path, log=None) -> Pruned:
    """The pruned design for `req` under `cache_dir/<key>/`, made only when it is not there."""
    if not req.drop and not req.keep and not req.config:
        raise UserError(f"no spec for {req.top}: give the outputs to drop (RTLPRUNE_DROP, drop=...) or a "
                        "spec file (RTLPRUNE_SPEC, spec=...); `rtlprune` alone prints an inferred one to start from")
    where = Path(cache_dir) / req.key()
    verilog, report = where / f"{req.top}.pruned.v", where / f"{req.top}.pruned.report.json"
    if verilog.is_file() and report.is_file():
        return Pruned(verilog, report, True)
    where.mkdir(parents=True, exist_ok=True)
    if log:
        log(f"rtlprune: pruning {req.top} -> {verilog}")
    prune(list(req.sources), top=req.top, drop=list(req.drop), keep=list(req.keep), config=req.config,
          output=verilog, report=report, read=req.read, **req.extra)
    return Pruned(verilog, report, False)
