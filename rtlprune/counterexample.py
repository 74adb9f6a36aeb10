"""What a failed proof found: the first observed signal and cycle where the pruned design
differs from the original, read from the model `sat -dump_json` writes (WaveJSON, the miter's
`gold_*` and `gate_*` outputs of `miter -make_outputs`)."""

from __future__ import annotations

import json
import re
from pathlib import Path


def _values(signal: dict) -> list[str | None]:
    """One value per time step ("" or None: not known). Step 0 is the initial state."""
    wave, data = signal.get("wave", ""), iter(signal.get("data", []))
    out: list[str | None] = []
    for c in wave:
        if c == ".":
            out.append(out[-1] if out else None)
        elif c in "=23456789":  # WaveJSON: each of these takes a data item (the digits colour it)
            out.append(next(data, None) or None)
        elif c in "01x":
            out.append(c)
        else:   # z, or a placeholder
            out.append(None)
    return out


def _differs(gold: str, pruned: str) -> bool:
    """A bit differs where the original's is defined (the miter ignores the original's x) and
    the pruned design's is another value or x: pruned may be no less defined than the original."""
    if len(gold) != len(pruned):
        return gold != pruned
    return any(g != "x" and g != p for g, p in zip(gold, pruned))


def first_difference(path: Path) -> str | None:
    """'NAME differs in cycle K (original V, pruned W)' for the earliest differing signal, or
    None when the model shows none."""
    try:
        # sat writes the names as they are: a `\` in one is no JSON escape
        text = re.sub(r'\\(?!["\\/bfnrtu])', r"\\\\", path.read_text())
        signals = json.loads(text)["signal"]
    except (OSError, ValueError, KeyError):
        return None
    by_name = {s["name"]: _values(s) for s in signals if "name" in s}
    found = []
    for name, gold in by_name.items():
        if not name.startswith("gold_") or f"gate_{name[5:]}" not in by_name:
            continue
        gate = by_name[f"gate_{name[5:]}"]
        for step, (g, p) in enumerate(zip(gold, gate)):
            if step and g is not None and p is not None and _differs(g, p):
                found.append((step, name[5:], g, p))
                break
    if not found:
        return None
    step, name, g, p = min(found)
    return f"{name} differs in cycle {step} (original {len(g)}'b{g}, pruned {len(p)}'b{p})"
