"""A design under the harness pipeline: its TOML description (harness, DUT, clock, reset, done,
the commands that emit the DUT and make a workload's image)."""

from __future__ import annotations

import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.hdl.ports import Port, module_ports
from rtlprune.simulation.description_file import read_toml

REQUIRED = ("harness", "harness_top", "dut_module", "dut_instance", "clock", "reset", "done", "emit", "image")


@dataclass
class HarnessDesign:
    path: Path
    name: str
    root: Path
    harness: list[Path]
    harness_top: str
    dut_module: str
    dut_instance: str
    clock: str
    reset: str
    done: str
    emit: str
    image: str
    reset_active_high: bool = True
    reset_cycles: int = 3
    cycles: str | None = None
    failure_outputs: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    configs: list[str] = field(default_factory=list)
    workloads: list[str] = field(default_factory=list)
    bench: list[str] = field(default_factory=list)
    max_cycles: int = 0
    plusargs: list[str] = field(default_factory=list)
    ignore_outputs: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: str | Path) -> HarnessDesign:
        path = Path(path)
        d = read_toml(path)
        missing = [k for k in REQUIRED if k not in d]
        if missing:
            raise UserError(f"{path}: missing key(s) {', '.join(missing)}")
        known = set(cls.__dataclass_fields__) - {"path"}
        unknown = set(d) - known
        if unknown:
            raise UserError(f"{path}: unknown key(s) {', '.join(sorted(unknown))}")
        root = (path.parent / d.pop("root", ".")).resolve()
        d.setdefault("name", path.stem)
        harness = [root / h for h in d.pop("harness")]
        for h in harness:
            if not h.is_file():
                raise UserError(f"{path}: harness file {h} does not exist")
        return cls(path=path.resolve(), root=root, harness=harness, **d)

    def check(self, config: str | None = None, workload: str | None = None) -> None:
        if config is not None and self.configs and config not in self.configs:
            raise UserError(f"unknown config '{config}' for design {self.name}; choose one of {', '.join(self.configs)}")
        if workload is not None and self.workloads and workload not in self.workloads:
            raise UserError(f"unknown workload '{workload}' for design {self.name}; choose one of {', '.join(self.workloads)}")

    def command(self, template: str, **kw) -> list[str]:
        return [a.format(python=sys.executable, **kw) for a in shlex.split(template)]

    def run_command(self, template: str, what: str, **kw) -> None:
        proc = subprocess.run(self.command(template, **kw), cwd=self.root, capture_output=True, text=True)
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["(no output)"]
            raise UserError(f"{self.name}: {what} failed: {tail[0]}")

    def harness_text(self) -> str:
        return "\n".join(h.read_text() for h in self.harness)

    def harness_outputs(self) -> list[Port]:
        outs = [p for p in module_ports(self.harness_text(), self.harness_top) if p.direction == "output"]
        names = {p.name for p in outs}
        for n in [self.done, *self.failure_outputs, *([self.cycles] if self.cycles else []), *self.ignore_outputs]:
            if n not in names:
                raise UserError(f"{self.path}: '{n}' is not an output of {self.harness_top}")
        return outs

    def observed_harness_outputs(self) -> list[Port]:
        return [p for p in self.harness_outputs() if p.name not in self.ignore_outputs]

    def make_image(self, config: str, workload: str, out: Path) -> Path:
        self.check(config, workload)
        out.parent.mkdir(parents=True, exist_ok=True)
        self.run_command(self.image, f"image of workload '{workload}'", config=config, workload=workload, out=out)
        return out

    def run_plusargs(self, image: Path, workdir: Path) -> list[str]:
        return [p.format(image=image, workdir=workdir) for p in self.plusargs]
