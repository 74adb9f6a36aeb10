"""The minimal-visibility control file: the toplevel's ports and the kept signals, nothing else."""

from rtlprune.flows.visibility import control_file


def test_ports_and_kept_signals_by_whole_and_last_name():
    text = control_file("accel", ["clk", "done"], ["core.state", "count"])
    assert text.splitlines() == [
        "`verilator_config",
        "// rtlprune: minimal visibility (what a cocotb test touches)",
        'public_flat_rw -module "accel" -var "clk"',
        'public_flat_rw -module "accel" -var "done"',
        'public_flat_rw -module "*" -var "core.state"',   # the pruned netlist's \core.state
        'public_flat_rw -module "*" -var "state"',        # the original's state in core
        'public_flat_rw -module "*" -var "count"',
    ]
