"""Read a design of Verilator's benchmark suite RTLMeter (github.com/verilator/rtlmeter) as a
testbench design description: `designs/<Design>/descriptor.yaml` gives the sources, defines,
include files, top module, Verilator arguments and the tests (plusargs and files) of each
configuration. Lists of a configuration are appended to the design's, dictionaries merged,
scalars replaced, as RTLMeter does; RTLMeter's own `rtl/` (the cycle counter that
`__rtlmeter_top_include.vh` instantiates) is added to the testbench, as RTLMeter adds it.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from rtlprune.errors import UserError


def _gather(key: str, kind, *descs: dict):
    if kind is list:
        return [str(v) for d in descs for v in (d.get(key) or [])]
    if kind is dict:
        out = {}
        for d in descs:
            out.update((k, str(v)) for k, v in (d.get(key) or {}).items())
        return out
    vals = [d[key] for d in descs if d.get(key) is not None]
    return str(vals[-1]) if vals else None


def read_descriptor(design_dir: Path, config: str, toml: dict, toml_path: Path) -> dict:
    """The description keys that `design_dir/descriptor.yaml` gives for `config`; keys the
    TOML sets itself take precedence (the caller merges). Paths are absolute."""
    path = design_dir / "descriptor.yaml"
    if not path.is_file():
        raise UserError(f"{toml_path}: rtlmeter: {path} does not exist")
    try:
        desc = yaml.safe_load(path.read_text()) or {}
    except yaml.YAMLError as e:
        raise UserError(f"{path}: {str(e).splitlines()[0]}") from None
    configs = desc.get("configurations") or {"default": {}}
    if config not in configs:
        raise UserError(f"{toml_path}: rtlmeter configuration '{config}' not in {path} "
                        f"(choose one of {', '.join(configs)})")
    cfg = configs[config] or {}
    comp, cfg_comp = desc.get("compile") or {}, cfg.get("compile") or {}
    rtl = design_dir.parent.parent / "rtl"          # the RTLMeter checkout's own rtl/
    utils, top_include = rtl / "__rtlmeter_utils.sv", rtl / "__rtlmeter_top_include.vh"
    if not utils.is_file() or not top_include.is_file():
        raise UserError(f"{toml_path}: {rtl} lacks RTLMeter's __rtlmeter_utils.sv (is "
                        f"{design_dir} inside an RTLMeter checkout's designs/?)")
    top = _gather("topModule", str, comp, cfg_comp)
    clock = _gather("mainClock", str, comp, cfg_comp)
    if not top or not clock:
        raise UserError(f"{path}: no topModule or mainClock")
    defines = _gather("verilogDefines", dict, comp, cfg_comp)
    defines["__RTLMETER_MAIN_CLOCK"] = clock
    includes = [design_dir / f for f in _gather("verilogIncludeFiles", list, comp, cfg_comp)]
    sources = [design_dir / f for f in _gather("verilogSourceFiles", list, comp, cfg_comp)]
    if _gather("cppSourceFiles", list, comp, cfg_comp) and "main" not in toml:
        raise UserError(f"{path}: the design has C++ sources (DPI); rtlprune.simulation does not build them yet")
    ex, cfg_ex = desc.get("execute") or {}, cfg.get("execute") or {}
    common, cfg_common = ex.get("common") or {}, cfg_ex.get("common") or {}
    tests, cfg_tests = ex.get("tests") or {}, cfg_ex.get("tests") or {}
    workloads = {}
    for name in [*tests, *(t for t in cfg_tests if t not in tests)]:
        parts = (common, tests.get(name) or {}, cfg_common, cfg_tests.get(name) or {})
        workloads[name] = {"plusargs": _gather("args", list, *parts),
                           "files": [str(design_dir / f) for f in _gather("files", list, *parts)]}
    return {
        "sources": [str(s) for s in sources],
        "rtlmeter_testbench": [str(utils)],
        "top": top,
        "defines": defines,
        "includes": sorted({str(p.parent) for p in [*includes, *sources, top_include]}),
        "verilator_args": _gather("verilatorArgs", list, comp, cfg_comp),
        "workloads": workloads,
        "origin": "https://github.com/verilator/rtlmeter",
    }
