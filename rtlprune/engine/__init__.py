"""rtlprune's Yosys side: everything here imports pyosys and runs in the worker process
(`python -m rtlprune.engine.worker`), never in the process of the `rtlprune` command.

- `flow`: runs the steps of `rtlprune/flow_script.py` on a pyosys design;
- `sources`, `system_tasks`: reading sources as Verilator does, $finish & co. carried through;
- `design_tree`: the hierarchy seen as the flat design it will become (spec names, figures);
- `stats`, `explain`, `verilog_out`: figures, --explain answers, last edits of the output;
- `miter`: bounded formal equivalence of a pruned design against its original.
"""
