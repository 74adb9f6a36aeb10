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
    # payload-like output that inference kept -> why (a slave port's read response)
    inferred_kept: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "top": self.top,
            "kept_outputs": self.kept_outputs,
            "dropped_outputs": self.dropped_outputs,
            "kept_signals": self.kept_signals,
            "drop_prints": self.drop_prints,
            "drop_assertions": self.drop_assertions,
            "inferred": self.inferred,
            "inferred_kept": self.inferred_kept,
        }


def _matches(pattern: str, names: list[str]) -> list[str]:
    return [n for n in names if fnmatchcase(n, pattern)]


def _listing(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "")


_DATA = re.compile(r"^(?P<prefix>.+)_(?P<channel>[a-z]?)data$")
_BITS = re.compile(r"^(?P<prefix>.+)_bits(_data)?$")
# A read request coming *into* a port: the port is a slave, and what it sends out answers.
_REQUESTS = ("ar_valid", "arvalid", "req_valid")
_BARE_PREFIXES = {"", "io"}  # Chisel's `io_`: every port has it, it names no port of its own
_RESPONSE_TOKENS = {"r", "resp", "rsp", "response", "rd", "read"}
_WRITE_TOKENS = {"w", "wr", "write"}


@dataclass(frozen=True)
class Inference:
    drop: dict[str, str]    # output -> why it is dropped
    keep: dict[str, str]    # payload-like output -> why it is kept all the same


def _handshake(name: str, ports: set[str]) -> str | None:
    """The valid of the handshake whose payload `name` looks like, if the design has it."""
    candidates = []
    if m := _BITS.match(name):
        candidates.append(f"{m['prefix']}_valid")
    if m := _DATA.match(name):
        if m["channel"]:
            candidates.append(f"{m['prefix']}_{m['channel']}valid")
        candidates.append(f"{m['prefix']}_valid")
    return next((v for v in candidates if v in ports), None)


def infer_spec(outputs: list[str], ports: list[str]) -> Inference:
    """Outputs that look like the payload of a valid/ready handshake (`x_data`, `x_wdata`,
    `x_rdata`, `x_bits`, `x_bits_data` beside an `x_valid`, or `x_wvalid`/`x_rvalid` for AXI's
    channel letters), by direction and protocol: write data and stream payloads leave toward
    memory or a consumer and are dropped; a read response of a slave port (channel r, a
    `resp` handshake, or a port whose requests come in: `*_ar_valid`, `*_req_valid`, ...) answers
    the testbench, which may poll status through it, and is kept."""
    port_set, inputs = set(ports), set(ports) - set(outputs)
    drop, keep = {}, {}
    for name in outputs:
        valid = _handshake(name, port_set)
        if valid is None:
            continue
        channel = valid[: -len("valid")].rstrip("_")          # io_host_r, mem_w, host_resp, result
        tokens = channel.split("_")
        base = "_".join(tokens[:-1]) if len(tokens) > 1 else ""
        data_channel = (m := _DATA.match(name)) and m["channel"]
        requests = [f"{base}_{r}" for r in _REQUESTS if base not in _BARE_PREFIXES and f"{base}_{r}" in inputs]
        if data_channel == "r" or tokens[-1] in _RESPONSE_TOKENS or requests:
            port = base or channel
            came = f", requests come in on {requests[0]}" if requests else ""
            keep[name] = (f"read response of slave port '{port}'{came}: a testbench may poll status "
                          "through it (drop it explicitly if nothing reads it)")
        elif data_channel == "w" or tokens[-1] in _WRITE_TOKENS or (base and set(base.split("_")) & _WRITE_TOKENS):
            drop[name] = f"write data of handshake '{valid}', leaving toward memory"
        else:
            drop[name] = f"data payload of handshake '{valid}'"
    return Inference(drop, keep)


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
    for pattern, _origin in keep_requests:
        hits = _matches(pattern, signals)
        if not hits:
            raise UserError(f"--keep '{pattern}' matches no signal of '{top}'")
        for name in hits:
            if name in output_set:
                forced_outputs.add(name)  # an explicit keep wins over a broader drop
            elif name not in kept_signals:
                kept_signals.append(name)
    inferred, inferred_kept = {}, {}
    if request.is_empty and not attr_keep and not attr_drop:
        inference = infer_spec(outputs, ports)
        inferred, inferred_kept = inference.drop, inference.keep
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
        inferred_kept=inferred_kept,
    )
