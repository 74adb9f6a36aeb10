"""What a failed proof found: the first observed signal and cycle where the pruned design
differs from the original, read from the model `sat -dump_json` writes (WaveJSON, the miter's
`gold_*` and `gate_*` outputs of `miter -make_outputs`)."""

from __future__ import annotations

import json
from pathlib import Path


def _values(signal: dict) -> list[str | None]:
    """One value per time step ("" or None: not known). Step 0 is the initial state."""
    wave, data = signal.get("wave", ""), iter(signal.get("data", []))
    out: list[str | None] = []
    for c in wave:
        if c == ".":
            out.append(out[-1] if out else None)
        elif c == "=":
            out.append(next(data, None) or None)
        elif c in "01":
            out.append(c)
        else:   # x, z, or a placeholder
            out.append(None)
    return out


def first_difference(path: Path) -> str | None:
    """'NAME differs in cycle K (original V, pruned W)' for the earliest differing signal, or
    None when the model shows none."""
    try:
        signals = json.loads(path.read_text())["signal"]
    except (OSError, ValueError, KeyError):
        return None
    by_name = {s["name"]: _values(s) for s in signals if "name" in s}
    found = []
    for name, gold in by_name.items():
        if not name.startswith("gold_") or f"gate_{name[5:]}" not in by_name:
            continue
        gate = by_name[f"gate_{name[5:]}"]
        for step, (g, p) in enumerate(zip(gold, gate)):
            if step and g is not None and p is not None and g != p:
                found.append((step, name[5:], g, p))
                break
    if not found:
        return None
    step, name, g, p = min(found)
    return f"{name} differs in cycle {step} (original {len(g)}'b{g}, pruned {len(p)}'b{p})"
