"""rtlprune for cocotb's Python runner (`cocotb_tools.runner`): `build(runner, ..., pruned=True)`.

    from cocotb_tools.runner import get_runner
    from rtlprune.flows.runner import build

    runner = get_runner("verilator")      # or get_runner("icarus") (visibility="default" only)
    build(runner, sources=["rtl/accel.v"], hdl_toplevel="accel", pruned=True,
          drop=["io_mem_w_bits_data"], visibility="minimal")
    runner.test(hdl_toplevel="accel", test_module="test_accel")

The same arguments as `runner.build`, plus the observation spec (`drop`, `keep` or `spec`), and
where the DUT is not the toplevel, `prune_top` and `prune_sources` (which the pruned file
replaces). The pruned design is cached on the content of what it reads (`cache.py`); each
variant builds in `<build_dir>_<variant>`, so the original's build is never overwritten.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rtlprune import verilator
from rtlprune.errors import UserError
from rtlprune.flows.prune_cache import Pruned, PruneRequest, prune_cached
from rtlprune.flows.visibility import NO_PUBLIC, control_file, toplevel_ports
from rtlprune.read_options import ReadOptions


@dataclass(frozen=True)
class Built:
    variant: str                    # original-default, original-minimal, pruned-default, pruned-minimal
    build_dir: Path
    sources: list[str]              # what was built
    pruned: Pruned | None           # the pruned design, its report (None for the original)


def build(runner, *, sources: Sequence[str | os.PathLike], hdl_toplevel: str, pruned: bool = False,
          visibility: str = "default", drop: Sequence[str] = (), keep: Sequence[str] = (),
          spec: str | os.PathLike | None = None, prune_top: str | None = None,
          prune_sources: Sequence[str | os.PathLike] | None = None, defines: Mapping[str, object] | None = None,
          includes: Sequence[str | os.PathLike] = (), parameters: Mapping[str, object] | None = None,
          build_dir: str | os.PathLike = "sim_build", build_args: Sequence[str] = (),
          cache_dir: str | os.PathLike = "rtlprune_build", **kwargs) -> Built:
    """Build the original (pruned=False) or the pruned model with `runner` (cocotb's Verilator or
    Icarus runner), at cocotb's default visibility or, under Verilator, minimal (`visibility.py`).
    Raises UserError on bad input."""
    if visibility not in ("default", "minimal"):
        raise UserError(f"visibility '{visibility}': expected default or minimal")
    if visibility == "minimal" and type(runner).__name__ == "Icarus":
        raise UserError("visibility 'minimal' has no meaning under Icarus: it has no visibility switch "
                        "(every signal is reachable); leave it at default")
    sources = [os.path.abspath(s) for s in sources]
    top = prune_top or hdl_toplevel
    dut_sources = [os.path.abspath(s) for s in (prune_sources or sources)]
    cache = Path(cache_dir).resolve()
    result = None
    if pruned or (visibility == "minimal" and top == hdl_toplevel and (drop or keep or spec)):
        request = PruneRequest(tuple(dut_sources), top, tuple(drop), tuple(keep), os.fspath(spec) if spec else None,
                               ReadOptions([f"{k}={v}" for k, v in (defines or {}).items()],
                                           [os.path.abspath(i) for i in includes],
                                           [f"{k}={v}" for k, v in (parameters or {}).items()]))
        result = prune_cached(request, cache, log=print)
    built_sources = list(sources)
    if pruned:
        built_sources = [s for s in sources if s not in dut_sources] + [str(result.verilog)]
    variant = f"{'pruned' if pruned else 'original'}-{visibility}"
    args = list(build_args)
    if visibility == "minimal":
        if result is not None and top == hdl_toplevel:
            ports = [name for name, _d, _w in result.report["ports"]]
            kept = result.report["spec"]["kept_signals"]
        else:
            ports, kept = toplevel_ports(hdl_toplevel, sources), []
        cache.mkdir(parents=True, exist_ok=True)
        vlt = cache / f"{hdl_toplevel}.{variant}.vlt"
        text = control_file(hdl_toplevel, ports, kept)
        if not vlt.exists() or vlt.read_text() != text:
            vlt.write_text(text)
        built_sources.insert(0, str(vlt))  # first: cocotb takes the language from the last source
        args.append(NO_PUBLIC)
    where = Path(f"{os.fspath(build_dir)}{'' if variant == 'original-default' else '_' + variant}")
    with verilator.environment():  # the runner finds Verilator on PATH and runs make with os.environ
        runner.build(sources=built_sources, hdl_toplevel=hdl_toplevel, defines=dict(defines or {}),
                     includes=list(includes), parameters=dict(parameters or {}), build_args=args,
                     build_dir=where, **kwargs)
    return Built(variant, where, built_sources, result if pruned else None)
