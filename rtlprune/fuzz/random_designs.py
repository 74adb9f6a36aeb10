"""Random synthesizable designs and random observation specs, for differential testing.

Even seeds give designs shaped as real hierarchical RTL (`generate_hierarchy`). An odd seed's
design is a top module over a few leaf-module instances (two levels of hierarchy, with
parameters, a generate loop and expressions in port connections), built from registers (sync and async reset, enables), a
memory (one or two write ports, synchronous or asynchronous read), arithmetic (+ - *, signed
and unsigned), variable shifts, compares, muxes and case statements, part-selects,
concatenations and reductions, data that feeds control (an FSM reading an accumulator),
expressions in port connections, and $display with signed arguments. Every design (both
shapes) also gets registers whose enable folds to a constant (`folded_enable_registers`) and,
half of them, a hierarchical reference, and half an instance of a module synthesis cannot
elaborate (`UNELABORATED`). Every construct is
written the way Verilator and IEEE 1800 read it, so the original source is the reference.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass
class RandomDesign:
    seed: int
    text: str
    top: str
    outputs: list[tuple[str, int]]            # (name, width) of the top's outputs
    inputs: list[tuple[str, int]]             # (name, width), clk and rst excluded
    registers: list[str]                      # top-level registers a spec may keep
    reset: str | None = "rst"                 # the synchronous or asynchronous reset input, if any
    clock: str = "clk"
    drop: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)
    options: tuple[str, ...] = ()             # more rtlprune options, the same for every design of a run

    @property
    def args(self) -> list[str]:
        """The rtlprune options of this design's spec."""
        out = ["--top", self.top]
        for d in self.drop:
            out += ["--drop", d]
        for k in self.keep:
            out += ["--keep", k]
        return [*out, *self.options]


class _Gen:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.lines: list[str] = []
        self.n = 0

    def name(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def expr(self, operands: list[tuple[str, int]], width: int, depth: int = 2) -> str:
        """A random expression of the operands (sized by the assignment's context)."""
        r = self.rng
        a, wa = r.choice(operands)
        wide = [n for n, w in operands if w >= 2]
        amount = f"{r.choice(wide)}[1:0]" if wide else "1'b1"  # selects only of names, never of expressions
        if depth == 0 or r.random() < 0.25:
            return a if r.random() < 0.7 else f"{a}[{r.randrange(wa)}]"
        b = self.expr(operands, width, depth - 1)
        kind = r.randrange(12)
        if kind == 0:
            return f"({a} + {b})"
        if kind == 1:
            return f"({a} - {b})"
        if kind == 2:
            return f"({a} * {b})"
        if kind == 3:
            return f"($signed({a}) * $signed({b}))"
        if kind == 4:
            return f"({a} >> {amount})" if wa > 1 else f"({a} << 1)"
        if kind == 5:
            return f"({a} {r.choice(['<', '<=', '>', '>=', '==', '!='])} {b})"
        if kind == 6:
            return f"({b} ? {a} : {self.expr(operands, width, depth - 1)})"
        if kind == 7:
            lo = r.randrange(wa)
            hi = r.randrange(lo, wa)
            return f"{a}[{hi}:{lo}]"
        if kind == 8:
            return f"{{{a}, {b}}}"
        if kind == 9:
            return f"({r.choice(['&', '|', '^'])}{a})"
        if kind == 10:
            return f"({a} {r.choice(['&', '|', '^'])} {b})"
        return f"($signed({a}) >>> {amount})" if wa > 1 else f"(~{a})"


LEAF = """module leaf_mix #(parameter W = 8) (input [W-1:0] x, input [W-1:0] y, input s, output [W-1:0] z);
  assign z = s ? (x ^ y) : (y - x);
endmodule
module leaf #(parameter W = 8, parameter K = 3) (
  input clk, input rst, input en, input [W-1:0] d, input [3:0] sel,
  output reg [W-1:0] acc, output [W-1:0] mixed, output flag
);
  reg [W-1:0] hold;
  always @(posedge clk) begin
    if (rst) acc <= 0;
    else if (en) acc <= acc + d * K;
    if (sel[0]) hold <= {d[0], hold[W-1:1]};
  end
  leaf_mix #(.W(W)) m (.x(acc), .y(hold + sel[3:2]), .s(sel[1]), .z(mixed));
  assign flag = acc[W-1] ^ (&hold[1:0]);
endmodule
"""


# Conditions that fold to a constant, as parameters and generate-time expressions make them.
FOLDS_TO_0 = ("(~|1'd1)", "(2'd1 == 2'd2)", "(1'b0 && {x})", "({x} & 1'b0)")
FOLDS_TO_1 = ("(|1'd1)", "(1'b1 || {x})")


def folded_enable_registers(rng: random.Random, operands: list[tuple[str, int]], output: str) -> tuple[list[str], list]:
    """Registers whose enable folds to a constant, with a synchronous or an asynchronous reset,
    some loaded in part (yosys-slang lost a flip-flop that only its asynchronous load sets):
    their body lines, and the output that reads them all."""
    body, names, width = [], [], 0
    for k in range(rng.randint(1, 3)):
        name, rw = f"{output}_r{k}", rng.choice([1, 2, 3, 4])
        x = f"{rng.choice(operands)[0]}[0]"
        edge = rng.choice(["posedge clk or posedge rst", "posedge clk"])
        value = rng.randrange(1 << rw)
        load = (f"{name} <= {rw}'d{value};" if rw == 1 or rng.random() < 0.6
                else f"{name}[0] <= 1'b{value & 1};")     # a part: the rest keeps its first value
        folded = rng.choice(FOLDS_TO_0 + FOLDS_TO_1).format(x=x)
        wide = rng.choice([n for n, wd in operands if wd >= rw])
        update = f"{name} <= {wide}[{rw - 1}:0] ^ {name};" if rw > 1 else f"{name} <= ~{name};"
        body.append(f"  reg [{rw - 1}:0] {name};\n  always @({edge})\n    if (rst) {load}\n"
                    f"    else if ({folded}) {update}")
        names.append(name)
        width += rw
    body.append(f"  assign {output} = {{{', '.join(names)}}};")
    return body, [(output, width)]


# A loop whose exit depends on data (NVDLA's DesignWare models): Verilator simulates it, no
# synthesis front end can unroll it, so rtlprune reads the module as a blackbox.
UNELABORATED = """module lsd8(input [7:0] a, output [2:0] enc);
  function [2:0] f(input [7:0] v);
    reg [2:0] i; reg done;
    begin
      done = 0; f = 3'd7;
      for (i = 3'd6; done == 0; i = i - 3'd1) begin
        if (v[i + 3'd1] != v[i]) begin f = 3'd6 - i; done = 1; end
        else if (i == 3'd0) begin f = 3'd7; done = 1; end
      end
    end
  endfunction
  assign enc = f(a);
endmodule
"""


def unelaborated_instance(rng: random.Random, operands: list[tuple[str, int]], output: str) -> tuple[list[str], list]:
    """An instance of `UNELABORATED` reading an operand, registered into `output`: its body
    lines and the output."""
    name, width = rng.choice(operands)
    a = f"{name}[7:0]" if width >= 8 else f"{{{8 - width}'d0, {name}}}"
    return ([f"  wire [2:0] {output}_e;\n  lsd8 {output}_u(.a({a}), .enc({output}_e));",
             f"  reg [2:0] {output}_q;\n  always @(posedge clk) {output}_q <= {output}_e;",
             f"  assign {output} = {output}_q;"], [(output, 3)])


def generate(seed: int) -> RandomDesign:
    """The design and spec of one seed (deterministic): an even seed gives a design shaped as real
    hierarchical RTL (`generate_hierarchy`), an odd one a top over parameterised leaves."""
    if seed % 2 == 0:
        from rtlprune.fuzz.generate_hierarchy import generate_hierarchical

        return generate_hierarchical(seed, RandomDesign)
    return generate_leaves(seed)


def generate_leaves(seed: int) -> RandomDesign:
    """A top module over a few parameterised leaf instances (the module docstring)."""
    rng = random.Random(seed)
    g = _Gen(rng)
    w = rng.choice([4, 6, 8, 12])
    inputs = [("a", w), ("b", w), ("c", 4), ("en", 1), ("wa", 3), ("ra", 3)]
    body: list[str] = []
    outputs: list[tuple[str, int]] = []
    registers: list[str] = []
    operands = [(n, wd) for n, wd in inputs]

    # Registers: data and control, with sync or async reset and enables.
    async_reset = rng.random() < 0.4
    edge = "posedge clk or posedge rst" if async_reset else "posedge clk"
    for _ in range(rng.randint(2, 4)):
        r, rw = g.name("r"), rng.choice([w, w, 2, 1, 2 * w])
        registers.append(r)
        body.append(f"  reg [{rw - 1}:0] {r};")
        enable = rng.choice(["", f"if ({g.expr(operands, 1, 1)}) "])
        body.append(f"  always @({edge})\n    if (rst) {r} <= {rw}'d{rng.randrange(1 << min(rw, 8))};\n"
                    f"    else {enable}{r} <= {g.expr(operands, rw)};")
        operands.append((r, rw))

    # A memory: one or two write ports, synchronous or asynchronous read, byte lanes.
    mem_w = rng.choice([w, 16])
    body.append(f"  reg [{mem_w - 1}:0] mem [0:7];")
    # Both write ports in one process: two processes writing one word in the same cycle race,
    # which Verilog leaves undefined (tools then disagree on which write wins).
    writes = [f"if (en) mem[wa] <= {g.expr(operands, mem_w)};"]
    if rng.random() < 0.5:
        if mem_w == 16 and rng.random() < 0.5:
            writes.append(f"if (c[0]) mem[ra][7:0] <= {g.expr(operands, 8)};")
        else:
            writes.append(f"if (c[1] && !en) mem[ra] <= {g.expr(operands, mem_w)};")
    body.append("  always @(posedge clk) begin\n    " + "\n    ".join(writes) + "\n  end")
    if rng.random() < 0.5:
        body.append(f"  reg [{mem_w - 1}:0] rd;\n  always @(posedge clk) rd <= mem[ra];")
    else:
        body.append(f"  wire [{mem_w - 1}:0] rd = mem[ra];")
    operands.append(("rd", mem_w))

    # Data feeding control: an FSM that reads an accumulator and the memory.
    body.append(f"""  reg [1:0] state; reg [{w - 1}:0] tally;
  always @(posedge clk)
    if (rst) begin state <= 0; tally <= 0; end
    else case (state)
      2'd0: if (en) state <= 2'd1;
      2'd1: begin tally <= tally + {g.expr(operands, w, 1)}; if (tally > {w}'d{rng.randrange(1 << w)}) state <= 2'd2; end
      2'd2: if (rd[0] ^ {operands[-2][0]}[0]) state <= 2'd3;
      default: state <= 2'd0;
    endcase""")
    registers += ["state", "tally"]
    operands += [("state", 2), ("tally", w)]

    # Hierarchy: instances of a parameterised leaf in a generate loop, expressions in ports.
    n_leaf = rng.randint(1, 3)
    body.append(f"  wire [{n_leaf * w - 1}:0] accs, mixes;\n  wire [{n_leaf - 1}:0] flags;")
    body.append(f"""  genvar gi;
  generate for (gi = 0; gi < {n_leaf}; gi = gi + 1) begin : lanes
    leaf #(.W({w}), .K(gi + {rng.randint(1, 5)})) u (.clk(clk), .rst(rst), .en(en ^ gi[0]),
      .d({g.expr(operands, w)}), .sel(c ^ gi),
      .acc(accs[{w}*gi +: {w}]), .mixed(mixes[{w}*gi +: {w}]), .flag(flags[gi]));
  end endgenerate""")
    operands += [("accs", n_leaf * w), ("mixes", n_leaf * w), ("flags", n_leaf)]

    # A print with signed arguments, under a condition that control computes.
    # The signed product is registered: Verilator 5.048 prints `$display("%0d", $signed(a) *
    # $signed(b))` of 8-bit ports as a 32-bit unsigned number (4294961422 where IEEE 1800's
    # 8-bit result is 14), and does the same when it inlines a sized wire holding the product
    # into the print (fuzz seed 315), a rendering no netlist can reproduce. A register it cannot inline.
    if rng.random() < 0.6:
        body.append(f"  reg signed [{w - 1}:0] product;\n"
                    f"  always @(posedge clk) product <= $signed({operands[0][0]}) * $signed(b);")
        body.append(f"  always @(posedge clk) if (!rst && state == 2'd{rng.randrange(4)}) "
                    f"$display(\"S %0d %0d %h\", product, $signed(tally), flags);")

    # Outputs: control-like (few bits) and data-like (wide); some are payloads to drop.
    for i in range(rng.randint(3, 6)):
        ow = rng.choice([1, 2, w, 2 * w])
        name = f"o{i}"
        outputs.append((name, ow))
        body.append(f"  assign {name} = {g.expr(operands, ow)};")
    outputs += [("busy", 1), ("mac_out", 2 * w)]
    body.append("  assign busy = state != 2'd0;")
    # A datapath only a data output reads (a row of processing elements, each a multiply-accumulate
    # pipeline of a few stages, as in an accelerator's array): the part pruning exists for.
    stages, lanes = rng.randint(2, 4), rng.randint(1, 3)
    lasts = []
    for lane in range(lanes):
        macs = [f"mac{lane}_{k}" for k in range(stages)]
        weight = rng.choice(["b", f"(b ^ {w}'d{rng.randrange(1 << w)})", f"mixes[{w - 1}:0]"])
        body.append(f"  reg [{2 * w - 1}:0] {', '.join(macs)};")
        steps = [f"{macs[0]} <= {macs[0]} + a * {weight};"] + [
            f"{macs[k]} <= {macs[k]} + {macs[k - 1]} * {rng.choice(['a', 'b', f'{{{w}{{c[0]}}}}'])};"
            for k in range(1, stages)]
        body.append("  always @(posedge clk) if (en) begin " + " ".join(steps) + " end")
        lasts.append(macs[-1])
    body.append(f"  assign mac_out = {' ^ '.join(lasts)} ^ {{mixes[{w - 1}:0], accs[{w - 1}:0]}};")

    # Drawn from a generator of their own, so that the rest of each seed's design stays as it was:
    # registers whose clocked assignment folds to a constant, and a hierarchical reference.
    extra = random.Random(seed * 7919 + 1)
    extra_body, extra_outputs = folded_enable_registers(extra, operands, "kf")
    if extra.random() < 0.5:
        extra_body.append(f"  assign peek = lanes[{extra.randrange(n_leaf)}].u.hold;")   # into a generate block
        extra_outputs.append(("peek", w))
    unelaborated = extra.random() < 0.5
    if unelaborated:
        lines, outs = unelaborated_instance(extra, operands, "ls")
        extra_body += lines
        extra_outputs += outs
    body += extra_body

    ports = ["input clk", "input rst"] + [f"input [{wd - 1}:0] {n}" for n, wd in inputs] + \
            [f"output [{wd - 1}:0] {n}" for n, wd in outputs + extra_outputs]
    text = (f"// rtlprune fuzz design, seed {seed}\n" + LEAF + (UNELABORATED if unelaborated else "") +
            "module top(\n  " + ",\n  ".join(ports) + "\n);\n" + "\n".join(body) + "\nendmodule\n")
    design = RandomDesign(seed, text, "top", outputs + extra_outputs, inputs, registers)

    # A random spec: drop a subset of outputs (never all: busy stays), keep some registers,
    # sometimes a register that only a dropped output reads.
    wide = [n for n, wd in outputs if n not in ("busy", "mac_out") and wd >= w]
    narrow = [n for n, wd in outputs if n != "busy" and wd < w]
    design.drop = sorted([n for n in wide if rng.random() < 0.8] + [n for n in narrow if rng.random() < 0.3]
                         + ["mac_out"]) if rng.random() < 0.9 else sorted(rng.sample(wide + narrow, 1))
    if rng.random() < 0.4:
        design.keep = sorted(rng.sample(registers, rng.randint(1, 2)))
    if unelaborated and extra.random() < 0.5:   # the instance dead: only a dropped output reads it
        design.drop = sorted([*design.drop, "ls"])
    return design
