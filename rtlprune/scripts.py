"""Render and run the .ys flow scripts of yosys_passes/ (jinja2 templates)."""

from __future__ import annotations

import jinja2
from pyosys import libyosys as ys

from yosys_passes import SCRIPTS

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(SCRIPTS)), undefined=jinja2.StrictUndefined, keep_trailing_newline=True
)


def render(name: str, **params) -> str:
    return _ENV.get_template(f"{name}.ys.j2").render(**params)


def run_script(design: ys.Design, name: str, **params) -> None:
    """Run a rendered script command by command (each line a Yosys command)."""
    for line in render(name, **params).splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            ys.run_pass(line, design)
