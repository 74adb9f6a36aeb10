"""Random designs shaped as real accelerator RTL is: a deep hierarchy whose dead path crosses instances.

A top wraps a shell that wraps a core (one to three wrapper levels, each a plain pass-through
instance). The core holds:
- datapath lanes: several instances of one processing element (a parameterised module, or, as
  Chisel writes them, copies of one body under the names `pe`, `pe_1`, `pe_2`), each with a dead
  multiply-accumulator and a live busy counter, and a print of live state inside;
- purely combinational submodules on the dead path (adders, a multiplier, a mux) reducing the
  lanes' accumulators, then a register submodule and a pass-through submodule between them and
  the dropped data output;
- a submodule with a live and a dead output;
- an instance dead as a whole (a multiplier only a dropped debug output reads);
- a queue with a memory written by index (its count live, its data dropped), with an assertion;
- parameters per instance (lane weights, the queue's depth).
Everything is written as Verilator and IEEE 1800 read it, so the original source is the reference.
"""

from __future__ import annotations

import random

from rtlprune.fuzz.random_designs import UNELABORATED, folded_enable_registers, unelaborated_instance

PE = """module {name}{params} (input clk, input rst, input en, input [{w1}:0] a, input [{w1}:0] b,
    output reg [{acc1}:0] acc, output busy);
  reg [3:0] cnt;
  always @(posedge clk)
    if (rst) begin acc <= 0; cnt <= 4'd0; end
    else begin
      if (en) acc <= acc + a * {weight};
      if (en) cnt <= cnt + 4'd1; else if (cnt != 4'd0) cnt <= cnt - 4'd1;
    end
  assign busy = cnt != 4'd0;
  always @(posedge clk) if (!rst && cnt == 4'd{print_at}) $display("{name} cnt %0d", cnt);
endmodule
"""

LIB = """module add2 (input [{acc1}:0] x, input [{acc1}:0] y, output [{acc1}:0] s);
  assign s = x + y;
endmodule
module mul2 (input [{w1}:0] x, input [{w1}:0] y, output [{acc1}:0] p);
  assign p = $signed(x) * $signed(y);
endmodule
module mux2 (input s, input [{acc1}:0] x, input [{acc1}:0] y, output [{acc1}:0] z);
  assign z = s ? x : y;
endmodule
module stage (input clk, input [{acc1}:0] d, output reg [{acc1}:0] q);
  always @(posedge clk) q <= d;
endmodule
module pass (input [{acc1}:0] d, output [{acc1}:0] q);
  assign q = d;
endmodule
module split (input clk, input rst, input [{w1}:0] x, input [{w1}:0] y, output reg live, output [{acc1}:0] dead);
  always @(posedge clk) if (rst) live <= 1'b0; else live <= live ^ (^x[1:0]);
  assign dead = {{x, y}} ^ {{{acc_w}{{live}}}};
endmodule
module queue #(parameter DEPTH = 4) (input clk, input rst, input enq, input deq, input [{w1}:0] din,
    output [{w1}:0] dout, output reg [3:0] count);
  reg [{w1}:0] mem [0:DEPTH-1];
  reg [2:0] head, tail;
  wire do_enq = enq && count != DEPTH;
  wire do_deq = deq && count != 4'd0;
  always @(posedge clk) begin
    if (do_enq) mem[tail] <= din;
    if (rst) begin head <= 3'd0; tail <= 3'd0; count <= 4'd0; end
    else begin
      if (do_enq) tail <= (tail == DEPTH - 1) ? 3'd0 : tail + 3'd1;
      if (do_deq) head <= (head == DEPTH - 1) ? 3'd0 : head + 3'd1;
      count <= count + {{3'd0, do_enq}} - {{3'd0, do_deq}};
    end
  end
  assign dout = mem[head];
  always @(posedge clk) if (!rst) assert (count <= DEPTH);
endmodule
"""

PORTS = ("input clk, input rst, input [{n1}:0] en, input [{w1}:0] a, input [{w1}:0] b, input enq, input deq, "
         "input sel, output busy, output [3:0] count, output live, output [{acc1}:0] data, output [{acc1}:0] dbg, "
         "output [{w1}:0] qdata, output [{acc1}:0] mixed")
CONNECT = (".clk(clk), .rst(rst), .en(en), .a(a), .b(b), .enq(enq), .deq(deq), .sel(sel), .busy(busy), "
           ".count(count), .live(live), .data(data), .dbg(dbg), .qdata(qdata), .mixed(mixed)")


def generate_hierarchical(seed: int, design_class):
    """The design and spec of one seed (deterministic); `design_class` is RandomDesign."""
    rng = random.Random(seed)
    w = rng.choice([4, 6, 8])
    acc_w = 2 * w
    lanes = rng.randint(2, 4)
    fmt = {"w1": w - 1, "acc1": acc_w - 1, "acc_w": acc_w, "n1": lanes - 1}
    chisel = rng.random() < 0.5  # copies of one body under their own names, no parameters
    modules = []
    pe_names = []
    if chisel:
        for i in range(lanes):
            name = "pe" if i == 0 else f"pe_{i}"
            pe_names.append((name, ""))
            modules.append(PE.format(name=name, params="", weight=f"(b ^ {w}'d{rng.randrange(1 << w)})",
                                     print_at=rng.randint(2, 9), **fmt))
    else:
        modules.append(PE.format(name="pe", params=" #(parameter K = 1)", weight="(b + K)",
                                 print_at=rng.randint(2, 9), **fmt))
        pe_names = [("pe", f" #(.K({rng.randint(1, 7)}))") for _ in range(lanes)]
    modules.append(LIB.format(**fmt))

    # The core: lanes, the dead reduction, the live/dead split, the dead instance, the queue.
    body = [f"  wire [{acc_w - 1}:0] acc_{i};" for i in range(lanes)]
    body.append(f"  wire [{lanes - 1}:0] lane_busy;")
    for i, (name, params) in enumerate(pe_names):
        a_expr = rng.choice(["a", "~a", f"a ^ {w}'d{i + 1}"])  # expressions in port connections
        body.append(f"  {name}{params} lane{i} (.clk(clk), .rst(rst), .en(en[{i}]), .a({a_expr}), .b(b), "
                    f".acc(acc_{i}), .busy(lane_busy[{i}]));")
    sums = [f"acc_{i}" for i in range(lanes)]
    k = 0
    while len(sums) > 1:  # a tree of adders, one of them behind a mux
        x, y = sums.pop(0), sums.pop(0)
        out = f"sum_{k}"
        body.append(f"  wire [{acc_w - 1}:0] {out};")
        if rng.random() < 0.3:
            body.append(f"  mux2 mx{k} (.s(sel), .x({x}), .y({y}), .z({out}));")
        else:
            body.append(f"  add2 ad{k} (.x({x}), .y({y}), .s({out}));")
        sums.append(out)
        k += 1
    body.append(f"  wire [{acc_w - 1}:0] staged, split_dead, product;\n  wire split_live;")
    body.append(f"  stage st (.clk(clk), .d({sums[0]}), .q(staged));")
    body.append("  pass ps (.d(staged), .q(data));")
    body.append("  split sp (.clk(clk), .rst(rst), .x(a), .y(b), .live(split_live), .dead(split_dead));")
    body.append("  assign live = split_live;")
    body.append(f"  mul2 dead_mul (.x(a), .y(b ^ {w}'d{rng.randrange(1 << w)}), .p(product));")
    body.append("  assign dbg = product ^ split_dead;")
    depth = rng.choice([2, 4, 6])
    body.append(f"  queue #(.DEPTH({depth})) q (.clk(clk), .rst(rst), .enq(enq), .deq(deq), .din(a ^ b), "
                f".dout(qdata), .count(count));")
    body.append("  assign busy = |lane_busy;")
    body.append(f"  assign mixed = acc_0 ^ {{{acc_w - 4}'d0, count}};")  # data and control in one output
    modules.append(f"module core({PORTS.format(**fmt)});\n" + "\n".join(body) + "\nendmodule\n")

    # Wrappers: top -> shell(s) -> core, and a top-level register a spec may keep.
    inner = "core"
    for level in range(rng.randint(1, 3)):
        name = "shell" if level == 0 else f"shell{level}"
        modules.append(f"module {name}({PORTS.format(**fmt)});\n  {inner} u ({CONNECT});\nendmodule\n")
        inner = name
    top_body = [f"  {inner} sh ({CONNECT.replace('.busy(busy)', '.busy(busy_w)')});",
                "  wire busy_w;\n  reg [3:0] tick;",
                "  always @(posedge clk) if (rst) tick <= 4'd0; else if (busy_w) tick <= tick + 4'd1;",
                "  assign busy = busy_w;\n  assign ticks = tick;"]
    top_ports = PORTS.format(**fmt) + ", output [3:0] ticks"
    # Drawn from a generator of their own, so that the rest of each seed's design stays as it was.
    extra = random.Random(seed * 7919 + 1)
    extra_body, extra_outputs = folded_enable_registers(extra, [("a", w), ("b", w), ("tick", 4)], "kf")
    if extra.random() < 0.5:   # hierarchical references into the core, through every wrapper
        core = "sh" + ".u" * (len([m for m in modules if m.startswith("module shell")]))
        target = extra.choice([f"{core}.q.count", f"{core}.lane0.cnt", f"{core}.dead_mul.p[3:0]",
                               f"{core}.st.q[3:0]"])
        extra_body.append(f"  assign peek = {target};")
        if extra.random() < 0.5:   # a print reading them, when no lane prints (prints of one cycle have no order)
            extra_body.append(f"  always @(posedge clk) if (!rst && !busy_w && {core}.q.count == 4'd{extra.randint(1, 3)}) "
                              f"$display(\"top sees %0d\", {core}.q.count);")
        extra_outputs.append(("peek", 4))
    unelaborated = extra.random() < 0.5
    if unelaborated:
        lines, outs = unelaborated_instance(extra, [("a", w), ("b", w), ("tick", 4)], "ls")
        extra_body += lines
        extra_outputs += outs
        modules.append(UNELABORATED)
    top_body += extra_body
    top_ports += "".join(f", output [{wd - 1}:0] {n}" for n, wd in extra_outputs)
    modules.append(f"module top({top_ports});\n" + "\n".join(top_body) + "\nendmodule\n")

    text = f"// rtlprune fuzz design, seed {seed} (hierarchical)\n" + "\n".join(modules)
    inputs = [("en", lanes), ("a", w), ("b", w), ("enq", 1), ("deq", 1), ("sel", 1)]
    outputs = [("busy", 1), ("count", 4), ("live", 1), ("data", acc_w), ("dbg", acc_w), ("qdata", w),
               ("mixed", acc_w), ("ticks", 4), *extra_outputs]
    design = design_class(seed, text, "top", outputs, inputs, ["tick"])
    # The spec: the payloads go (each most of the time), control stays; sometimes the top's
    # register is kept, sometimes every output.
    if rng.random() < 0.1:
        design.drop = []
    else:
        design.drop = sorted(n for n in ("data", "dbg", "qdata", "mixed") if rng.random() < 0.8) or ["data"]
    if rng.random() < 0.3:
        design.keep = ["tick"]
    if unelaborated and extra.random() < 0.5:   # the instance dead: only a dropped output reads it
        design.drop = sorted([*design.drop, "ls"])
    return design
