"""The observation spec: which signals of the design are observed, and which are dropped.

A spec comes from command-line patterns, a TOML config file and `(* rtlprune_keep *)` /
`(* rtlprune_drop *)` attributes in the RTL, or is inferred when none of those says anything.
Patterns are shell-style globs (fnmatch, case-sensitive) on port and signal names;
internal signals are named hierarchically, e.g. `core.compute.state`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from rtlprune.errors import UserError


@dataclass
class SpecRequest:
    """What the user asked for, before it is matched against a design."""

    keep: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    drop_prints: bool = False
    drop_assertions: bool = False
    # True when --drop none was given: observe every output, infer nothing.
    no_inference: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.keep or self.drop or self.no_inference)


@dataclass
class ResolvedSpec:
    """The spec matched against one flattened design."""

    top: str
    kept_outputs: list[str]
    dropped_outputs: list[str]
    kept_signals: list[str]
    drop_prints: bool
    drop_assertions: bool
    # dropped output -> why it was dropped by inference (empty when not inferred)
    inferred: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "top": self.top,
            "kept_outputs": self.kept_outputs,
            "dropped_outputs": self.dropped_outputs,
            "kept_signals": self.kept_signals,
            "drop_prints": self.drop_prints,
            "drop_assertions": self.drop_assertions,
            "inferred": self.inferred,
        }


def _matches(pattern: str, names: list[str]) -> list[str]:
    return [n for n in names if fnmatchcase(n, pattern)]


def _listing(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "")


_DATA = re.compile(r"^(?P<prefix>.+)_(?P<channel>[a-z]?)data$")
_BITS = re.compile(r"^(?P<prefix>.+)_bits(_data)?$")


def infer_drops(outputs: list[str], ports: list[str]) -> dict[str, str]:
    """Outputs that look like the data payload of a valid/ready handshake, with the reason.

    `x_data`, `x_wdata`, `x_rdata`, `x_bits`, `x_bits_data` are payloads when a port
    `x_valid` (or `x_wvalid`, `x_rvalid` for channel-lettered AXI names) exists.
    """
    port_set = set(ports)
    inferred = {}
    for name in outputs:
        candidates = []
        if m := _BITS.match(name):
            candidates.append(f"{m['prefix']}_valid")
        if m := _DATA.match(name):
            if m["channel"]:
                candidates.append(f"{m['prefix']}_{m['channel']}valid")
            candidates.append(f"{m['prefix']}_valid")
        for valid in candidates:
            if valid in port_set:
                inferred[name] = f"data payload of handshake '{valid}'"
                break
    return inferred


def resolve(
    request: SpecRequest,
    top: str,
    outputs: list[str],
    ports: list[str],
    signals: list[str],
    attr_keep: list[str],
    attr_drop: list[str],
    side_effects: int,
) -> ResolvedSpec:
    """Match the request against the design's names; raise UserError on a bad pattern.

    `signals` are all named wires of the flattened design (hierarchical names), `attr_keep`
    and `attr_drop` the names carrying rtlprune_keep / rtlprune_drop attributes, and
    `side_effects` the number of print, assertion and blackbox cells the design keeps.
    """
    dropped: set[str] = set(attr_drop)
    kept_signals: list[str] = []
    for pattern in request.drop:
        hits = _matches(pattern, outputs)
        if not hits:
            raise UserError(
                f"--drop '{pattern}' matches no output port of '{top}' (outputs: {_listing(outputs)})"
            )
        dropped.update(hits)
    output_set = set(outputs)
    keep_requests = [(p, "--keep") for p in request.keep] + [(n, "attribute") for n in attr_keep]
    forced_outputs: set[str] = set()
    for pattern, origin in keep_requests:
        hits = _matches(pattern, signals)
        if not hits:
            raise UserError(f"--keep '{pattern}' matches no signal of '{top}'")
        for name in hits:
            if name in output_set:
                forced_outputs.add(name)  # an explicit keep wins over a broader drop
            elif name not in kept_signals:
                kept_signals.append(name)
    inferred: dict[str, str] = {}
    if request.is_empty and not attr_keep and not attr_drop:
        inferred = infer_drops(outputs, ports)
        dropped.update(inferred)
    dropped -= forced_outputs
    kept_outputs = [o for o in outputs if o not in dropped]
    if not kept_outputs and not kept_signals and side_effects == 0:
        raise UserError(
            f"the spec observes nothing in '{top}': every output is dropped and no signal is kept"
        )
    return ResolvedSpec(
        top=top,
        kept_outputs=kept_outputs,
        dropped_outputs=[o for o in outputs if o in dropped],
        kept_signals=sorted(kept_signals),
        drop_prints=request.drop_prints,
        drop_assertions=request.drop_assertions,
        inferred={k: inferred[k] for k in outputs if k in inferred and k in dropped},
    )
