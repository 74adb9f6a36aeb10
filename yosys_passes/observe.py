"""Apply an observation spec to a flattened module, before the cone is computed.

Dropped outputs are re-driven by constant 0 under the same port name and position (the old
port wire is renamed and becomes internal, so its drivers die unless something else needs
them; `connect -unset` would also cut outputs aliased to the same net). Kept internal wires
get `keep` and `rtlprune_keep` attributes so every later pass leaves them alone, and so do
blackbox instances (`keep`).
"""

from __future__ import annotations

from pyosys import libyosys as ys

from yosys_passes import cells as cs
from yosys_passes.pyosys_util import attribute_names, format_string, ident, plain


def tie_output_to_zero(module: ys.Module, port: str) -> None:
    old = module.wire(ident(port))
    if old is None or not old.port_output:
        raise ValueError(f"'{port}' is not an output port of {plain(module.name)}")
    position = old.port_id
    module.rename(old, ys.IdString(f"$rtlprune$dropped${port}"))
    new = module.addWire(ident(port), old.width)
    new.start_offset, new.upto, new.is_signed = old.start_offset, old.upto, old.is_signed
    new.port_output, new.port_id = True, position
    old.port_output, old.port_id = False, 0
    module.connect(ys.SigSpec(new), ys.SigSpec(ys.Const(0, old.width)))
    module.fixup_ports()


def mark_kept(module: ys.Module, wires: list[str]) -> None:
    for name in wires:
        wire = module.wire(ident(name))
        if wire is None:
            raise ValueError(f"no signal '{name}' in {plain(module.name)}")
        wire.set_bool_attribute(ident("keep"), True)
        wire.set_bool_attribute(ident("rtlprune_keep"), True)


def strip_unobserved_keep(module: ys.Module) -> None:
    """A synthesis `(* keep *)` is not an observation: only rtlprune_keep wires stay kept."""
    for wire in module.wires_.values():
        if wire.has_attribute(ident("keep")) and not wire.has_attribute(ident("rtlprune_keep")):
            wire.set_bool_attribute(ident("keep"), False)  # false erases it


def keep_blackboxes(design: ys.Design, module: ys.Module) -> int:
    """Blackbox instances are observed (their inputs are side effects): `keep` them, or the
    first opt_clean deletes one whose outputs nothing reads before the cone can see it.
    Instances of modules that flatten will inline (before flatten) are not blackboxes."""
    count = 0
    for cell in module.cells_.values():
        if not cs.is_observed_blackbox(cell.type.str(), attribute_names(cell)):
            continue
        inst = design.module(cell.type)
        if inst is not None and not inst.get_blackbox_attribute() and not inst.get_bool_attribute(ident("keep_hierarchy")):
            continue
        cell.set_bool_attribute(ident("keep"), True)
        count += 1
    return count


def remove_side_effects(module: ys.Module, prints: bool, assertions: bool) -> int:
    doomed = [
        c for c in module.cells_.values()
        if (kind := cs.side_effect_kind(c.type.str(), format_string(c))) is not None
        and ((prints and kind == "print") or (assertions and kind == "assertion"))
    ]
    for cell in doomed:
        module.remove(cell)
    return len(doomed)
