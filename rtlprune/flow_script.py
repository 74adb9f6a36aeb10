"""The rtlprune flow: every step, in order, in one place (`rtlprune --show-flow` prints it).

Written in the manner of Yosys' `synth` script: `script(s)` names each labelled step and the
Yosys commands it runs; `s` either runs them (`rtlprune.engine.flow_runner.FlowRunner`, in the Yosys
worker) or prints them (`FlowPrinter`, here, without pyosys). Steps marked `(python: ...)` are
done by rtlprune itself between Yosys commands, on the pyosys design: each is a function of
rtlprune/engine/steps.py registered under the name given here, and each `when=` names one of
the conditions registered there.
"""

from __future__ import annotations


def script(s) -> None:
    if s.label("read", "read the sources as Verilator reads them (SYNTHESIS undefined)"):
        s.python("rewrite_sources", "copies of sources whose always blocks use $finish, $stop, $fatal, "
                 "$error, $warning or $info, each written as a tagged $write (hdl/system_tasks.py), or that "
                 "define a module again, which Verilator reads only the first definition of (left out)")
        for command in s.read_commands:
            s.run(command)
        s.python("hold_async_loaded", "a variable that only the asynchronous load of its always block assigns, "
                 "which yosys-slang leaves undriven (x): the sources read again from copies whose block assigns "
                 "it to itself first, which means the same (engine/async_registers.py, hdl/async_hold.py)",
                 when="the slang front end read Verilog")
        s.python("mark_opaque", "instances of modules slang cannot elaborate (a loop whose exit depends on data), "
                 "read as blackboxes: opaque, each output bit depending on every input bit; removed when dead, "
                 "written as the source's text when live", when="some module cannot be elaborated")
    if s.label("hierarchy"):
        s.python("pick_top", "the top module: --top, or the one module nobody instantiates; "
                 "every instance must have a definition")
        for command in s.chparam_commands:
            s.run(command)
        s.run(f"hierarchy -check -top {s.top}")
        s.python("check_elaborated_recursion", "refuse a module that instantiates itself with the same parameters "
                 "(a recursion that ends, N halved to a base case, is elaborated)")
        s.python("source_port_order", "the top's ports numbered in its header's order (yosys-slang "
                 "numbers them its own way; a testbench may connect by position) (engine/port_order.py, hdl/ports.py)")
    if s.label("proc", "processes to netlists, only in modules that have processes"):
        s.python("mark_processes", "attribute rtlprune_proc on the modules with processes")
        s.run("proc A:rtlprune_proc", when="some module has processes")
        s.python("check_supported", "unmark; refuse inout ports of the top and processes proc left")
    if s.label("spec", "the observation spec, matched against the names the flattened design will have"):
        s.python("resolve_spec", "--keep/--drop/config/attributes, or inference (spec.py); instances "
                 "holding a kept signal, print, assertion, blackbox or keep cell get `keep` (design_tree.py)")
    if s.label("memories", "$mem_v2 cells, read ports as the source has them (no memory_dff: an "
               "asynchronous read of a registered address, a Chisel Queue's, became a synchronous port "
               "with bypass logic, which Verilator simulates more slowly)", when="the design has memories"):
        s.run("opt_clean")
        s.run("memory_collect")
    if s.label("stats"):
        s.python("count_before", "cells, flip-flop and memory bits of the flattened design, and its registers "
                 "and memories by name, from the hierarchy")
    if s.label("hier_prune", "dead logic and whole dead instances removed before flatten", when="pruning"):
        s.run(f"rtlprune_observe{s.each('-drop', 'dropped_outputs')}")
        s.run("opt_clean")
        s.python("hier_cone", "rtlprune_hier_cone: the cone instance by instance, each module cut to its "
                 "instances' cone (copies where they need different bits), so that flatten has only what "
                 "is left", when="the cone is over the hierarchy")
        s.run("opt_clean", when="the cone is over the hierarchy")
        s.python("unprotect", "remove the `keep` marks of the spec step")
        s.python("describe_cut_hierarchy", "the instances and modules as the cut left them, which the later "
                 "steps name", when="the cone is over the hierarchy")
    if s.label("flatten"):
        s.python("record_instances", "the instances left after hier_prune, the ones a second flatten can keep",
                 when="source text is allowed")
        s.run("design -save rtlprune_hier", when="source text is allowed")
        s.run("flatten -noscopeinfo")
    if s.label("cone", "the bit-level cone of the observed signals; the rest is cut", when="pruning"):
        cone(s)
    if s.label("whole", "instances the cone left whole keep the source's own text, which Verilator runs "
               "faster than any rewrite (engine/whole_instances.py)", when="source text is allowed"):
        s.python("record_removed_storage", "the registers and memories the cone removed (top_form asks "
                 "Verilator which of them it would keep)", when="pruning")
        s.python("choose_whole", "the whole instances, and the modules whose text `verilator -E` gives "
                 "and can be pasted (hdl/source_text.py)")
        s.run("design -save rtlprune_flat", when="some instance, not the top, is whole")
    if s.label("keep_whole", "flatten again, around the whole instances", when="some instance, not the top, is whole"):
        s.run("design -load rtlprune_hier")
        s.python("mark_whole", "keep_hierarchy on the instances kept whole")
        s.run("flatten -noscopeinfo")
        s.run(f"blackbox {s.names('text_modules')}")    # a blackbox's inputs are all observed, so:
        s.python("tie_unneeded_inputs", "each input bit of a whole instance that the flat cone does not need "
                 "is tied to 0: the instance observes only what its live outputs read")
        if s.when("pruning"):
            cone(s, explain=False)
    if s.label("source_top", "nothing was removed: the output is the source's text", when="the top is whole"):
        s.python("write_source_text", "the preprocessed text of every module of the design")
        s.python("count_after_whole", "the figures of before")
    if s.label("backend", "Verilog that Verilator simulates fast", when="the top is not whole"):
        backend_passes(s)
        s.python("name_kept_instances", "each instance kept whole named by its source module (yosys-slang "
                 "gave it a module of its own); their Yosys modules removed", when="some instance is whole")
        s.run(f'write_verilog -noattr "{s.output}"')
        s.python("finish_verilog", "tagged $write back to $finish & co.; parallel_case pragmas dropped "
                 "(hdl/verilog_out.py)")
        s.python("append_source_text", "the preprocessed text of the modules kept whole, and of the modules "
                 "of opaque instances left (they have no other form)", when="some instance is whole or opaque")
        s.python("split_false_loops", "Verilator lints the output; a variable it reports in a false "
                 "combinational loop (UNOPTFLAT) gets /*verilator split_var*/ (hdl/false_loops.py)")
        s.python("count_after", "cells, flip-flop and memory bits of the written module and the instances "
                 "kept whole")
    if s.label("mixed_form", "with instances kept as text: the flat cone's netlist instead where it holds "
               "less state (the back end's opt_muxtree removes branches a text instance keeps) or, as much "
               "held, where Verilator makes less C++ of it", when="some instance, not the top, is whole"):
        s.run("design -save rtlprune_mixed")
        s.run("design -load rtlprune_flat")
        backend_passes(s)
        s.python("choose_mixed_form", "write_verilog of the netlist beside the mixed output, finished alike; "
                 "the one kept; its design loaded again")
    if s.label("top_form", "the pruned top written as above, or the source's whole text behind a wrapper "
               "that ties the dropped outputs to 0: whichever Verilator makes less C++ of, which is where "
               "pruning removed only what Verilator's own dead-code removal removes (hdl/tie_off.py)",
               when="the source's text could stand for the top"):
        s.python("choose_top_form", "verilator --cc --flatten (the simulation flags, no C++ compile) on both: "
                 "the netlist when Verilator's model of the text keeps a register or memory that pruning "
                 "removed, else the one with fewer lines of C++")


def backend_passes(s) -> None:
    # proc writes nested ifs as muxes whose inner branch for a select the outer mux already
    # decided is x (321 of them in the Chisel stencil): opt_muxtree removes those dead
    # branches, exactly. (opt_dff, which would turn feedback muxes into enables, sped
    # picorv32's round trip up 11% but slowed the pruned VTA down 20%: left out.) -purge: a
    # register that drives an output is written once, not as a reg and an alias.
    s.run("opt_muxtree")
    s.run("rtlprune_tidy")
    s.run("opt_expr -mux_bool")
    s.run("opt_clean -purge")
    # after -purge, which would join them again: no reg written from blocks of different sensitivity
    s.run("rtlprune_separate_clockings")


def cone(s, explain: bool = True) -> None:
    s.run(f"rtlprune_observe{s.each('-keep', 'kept_signals')}{s.flag('-drop_prints', 'drop_prints')}"
          f"{s.flag('-drop_assertions', 'drop_assertions')}")
    s.run("opt_clean")
    s.python("cone", "rtlprune_cone, run in process so that the cone and the cut come back as values")
    s.run("opt_clean")
    if explain:  # from the flat cone only: it sees through the instances kept as text
        s.python("explain", "answer --explain from the cone")


class FlowPrinter:
    """Print the flow with placeholders, as `help synth` does."""

    top = "<top>"
    output = "<output>"
    read_commands = ("read_rtlil <rtlil source>    (each .il/.rtlil source)",
                     "read_slang --no-synthesis-define --no-proc --single-unit [-D <name>[=<value>]]... [-I <dir>]... "
                     "[--top <top>] [-G <name>=<value>]... <verilog sources>",
                     "    (or, with --frontend yosys: logger -werror <an implicitly declared dotted name>, so that "
                     "a hierarchical reference read_verilog cannot follow is an error, not a wire; "
                     "read_verilog -nosynthesis [-sv] [-D<name>[=<value>]]... "
                     "[-I<dir>]... <verilog sources>)",
                     "attrmap -remove full_case -remove parallel_case    (Verilator ignores both)")
    chparam_commands = ("chparam -set <name> <value> <top>    (each -G, with --frontend yosys)",)

    def __init__(self):
        self.lines: list[str] = []

    def label(self, name: str, about: str = "", when: str | None = None) -> bool:
        head = f"{name}:" + (f"    ({'only when ' + when + '; ' if when else ''}{about})" if about or when else "")
        self.lines += ["", head.replace("; )", ")")]
        return True

    def run(self, command: str, when: str | None = None) -> None:
        self.lines.append(f"    {command}" + (f"    (when {when})" if when else ""))

    def python(self, name: str, about: str, when: str | None = None) -> None:
        self.lines.append(f"    (python: {about})" + (f"    (when {when})" if when else ""))

    def when(self, condition: str) -> bool:
        self.lines.append(f"    (when {condition}:)")
        return True

    @staticmethod
    def each(option: str, what: str) -> str:
        return f" [{option} <{what.rstrip('s').replace('_', ' ')}>]..."

    @staticmethod
    def flag(option: str, what: str) -> str:
        return f" [{option}]"

    @staticmethod
    def names(what: str) -> str:
        return f"<{what.replace('_', ' ')}>"


def flow_text() -> str:
    printer = FlowPrinter()
    script(printer)
    return "The rtlprune flow (rtlprune/flow_script.py):\n" + "\n".join(printer.lines) + "\n"
