"""The observation spec as a TOML file: read a user's, write an inferred one for editing."""

from __future__ import annotations

import tomllib
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.spec import ResolvedSpec, SpecRequest

_KEYS = {"top": str, "keep": list, "drop": list, "drop_prints": bool, "drop_assertions": bool}


def read_config(path: Path) -> tuple[SpecRequest, str | None]:
    """Parse a config file into a spec request and the top module it names (or None)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise UserError(f"{path}: cannot read config file: {e.strerror}") from None
    except UnicodeDecodeError as e:
        line = path.read_bytes()[:e.start].count(b"\n") + 1
        raise UserError(f"{path}:{line}: not a text (UTF-8) config file") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"{path}: invalid TOML: {e}") from None
    for key, value in data.items():
        if key not in _KEYS:
            raise UserError(f"{path}: unknown key '{key}' (known: {', '.join(_KEYS)})")
        if not isinstance(value, _KEYS[key]) or (
            isinstance(value, list) and not all(isinstance(v, str) for v in value)
        ):
            kind = "a list of strings" if _KEYS[key] is list else _KEYS[key].__name__
            raise UserError(f"{path}: key '{key}' must be {kind}")
    drop = list(data.get("drop", []))
    request = SpecRequest(
        keep=list(data.get("keep", [])),
        drop=[d for d in drop if d != "none"],
        drop_prints=data.get("drop_prints", False),
        drop_assertions=data.get("drop_assertions", False),
        no_inference="none" in drop,
    )
    return request, data.get("top")


def _toml_list(items: list[str]) -> str:
    if not items:
        return "[]"
    return "[\n" + "".join(f'    "{i}",\n' for i in items) + "]"


def format_config(spec: ResolvedSpec) -> str:
    """The resolved spec as a config file that reproduces it with `--config`."""
    lines = [
        "# rtlprune observation spec: edit and rerun with `rtlprune ... --config THIS_FILE`.",
        "# Outputs not listed under `drop` are observed; `keep` adds internal signals.",
    ]
    for port, why in spec.inferred.items():
        lines.append(f"# inferred: drop {port}: {why}")
    for port, why in spec.inferred_kept.items():
        lines.append(f"# inferred: keep {port}: {why}")
    lines += [
        f'top = "{spec.top}"',
        f"drop = {_toml_list(spec.dropped_outputs or ['none'])}",
        f"keep = {_toml_list(spec.kept_signals)}",
        f"drop_prints = {'true' if spec.drop_prints else 'false'}",
        f"drop_assertions = {'true' if spec.drop_assertions else 'false'}",
    ]
    return "\n".join(lines) + "\n"
