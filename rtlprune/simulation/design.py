"""A design under rtlprune.simulation: its TOML description, and the sources of every variant
(original, pruned, Yosys round trip, peer harness) made from it."""

from __future__ import annotations

import json
import logging
import shlex
import subprocess
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from rtlprune.errors import UserError
from rtlprune.hdl.modules import disconnect_instance_ports
from rtlprune.hdl.ports import Port, module_ports
from rtlprune.simulation import simulator_tag
from rtlprune.simulation.pruning import prune_variant

log = logging.getLogger(__name__)


def read_toml(path: Path) -> dict:
    """A design description's table; a missing or malformed file is a one-line error."""
    if not path.is_file():
        raise UserError(f"{path}: no such design description")
    try:
        return tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as e:
        raise UserError(f"{path}: {e}") from None


REQUIRED = ("harness", "harness_top", "dut_module", "dut_instance", "clock", "reset", "done", "emit", "image")


@dataclass
class Design:
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
    def load(cls, path: str | Path) -> Design:
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


class SpecOfReport:
    """The outputs rtlprune kept and dropped, from its JSON report (`self.report`)."""
    report: dict

    @property
    def kept_outputs(self) -> list[str]:
        return self.report["spec"]["kept_outputs"]

    @property
    def dropped_outputs(self) -> list[str]:
        return self.report["spec"]["dropped_outputs"]


@dataclass
class Variants(SpecOfReport):
    """The sources of one design + configuration, in `build_dir`."""
    design: Design
    config: str
    build_dir: Path
    original: Path
    pruned: Path
    report: dict


def replace_if_changed(tmp: Path, dest: Path) -> bool:
    """Move tmp over dest unless the contents are equal (then dest keeps its mtime)."""
    if dest.exists() and dest.read_bytes() == tmp.read_bytes():
        tmp.unlink()
        return False
    tmp.replace(dest)
    return True


def prepare(design: Design, config: str, build_dir: Path, fresh: bool = True,
            simulator: str = "verilator") -> Variants:
    """Emit the original and prune it with the design's spec for `simulator` (its top form chosen
    by what that simulator makes of it). With fresh=False, files already in
    build_dir are reused; otherwise they are regenerated, and replaced only if they changed (so
    the Verilator builds, cached by content, are reused when nothing changed)."""
    design.check(config)
    build_dir.mkdir(parents=True, exist_ok=True)
    original = build_dir / f"{design.dut_module}.v"
    tag = simulator_tag(simulator)
    pruned = build_dir / f"{design.dut_module}.pruned{tag}.v"
    report = build_dir / f"{design.dut_module}.pruned{tag}.report.json"
    changed = False
    if fresh or not original.exists():
        log.info(f"emitting {design.name} {config} -> {original}")
        tmp = original.with_suffix(".tmp.v")
        design.run_command(design.emit, f"emitting config '{config}'", config=config, out=tmp)
        changed = replace_if_changed(tmp, original)
    if fresh or changed or not pruned.exists() or not report.exists():
        # always re-run rtlprune when fresh: rtlprune itself may have changed, not only the RTL
        tmp, tmp_report = pruned.with_suffix(".tmp.v"), report.with_suffix(".tmp.json")
        log.info(f"pruning for {simulator} -> {pruned} ({' '.join('--drop ' + d for d in design.drop)})")
        prune_variant("rtlprune failed", [original], design.dut_module, tmp, tmp_report, simulator=simulator,
                      drop=list(design.drop) if design.drop or design.keep else ["none"], keep=list(design.keep))
        replace_if_changed(tmp, pruned)
        tmp_report.replace(report)
    return Variants(design, config, build_dir, original, pruned, json.loads(report.read_text()))


def roundtrip(variants: Variants) -> Path:
    """The original through rtlprune's own flow with nothing removed (`rtlprune --no-prune`):
    the Yosys round trip, which separates the effect of the netlist style from that of pruning.
    Regenerated every time (rtlprune may have changed) and replaced only if it changed."""
    out = variants.build_dir / f"{variants.design.dut_module}.roundtrip.v"
    tmp, report = out.with_suffix(".tmp.v"), out.with_suffix(".report.json")
    log.info(f"Yosys round trip (rtlprune --no-prune) -> {out}")
    prune_variant("Yosys round trip failed", [variants.original], variants.design.dut_module, tmp, report,
                  no_prune=True)
    replace_if_changed(tmp, out)
    return out


def peer_harness(variants: Variants) -> Path:
    """The harness with the dropped outputs of the DUT left unconnected: what Verilator's own
    dead-code removal gets from the same observation."""
    d = variants.design
    out = variants.build_dir / f"{d.harness_top}.peer.v"
    text = disconnect_instance_ports(d.harness_text(), d.dut_module, d.dut_instance,
                                             set(variants.dropped_outputs))
    out.write_text("// Generated by rtlprune.simulation: the harness with the dropped outputs of "
                   f"{d.dut_instance} unconnected\n" + text)
    return out
