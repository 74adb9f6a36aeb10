// rtlprune fuzz design, seed 247: Verilator 5.048 printed `$signed(product)` of the pruned
// output (a 12-bit wire inlined into the print) as 406208 where the source prints 704.
module leaf_mix #(parameter W = 8) (input [W-1:0] x, input [W-1:0] y, input s, output [W-1:0] z);
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
module top(
  input clk,
  input rst,
  input [11:0] a,
  input [11:0] b,
  input [3:0] c,
  input [0:0] en,
  input [2:0] wa,
  input [2:0] ra,
  output [23:0] o0,
  output [0:0] o1,
  output [0:0] o2,
  output [11:0] o3,
  output [23:0] o4,
  output [11:0] o5,
  output [0:0] busy,
  output [23:0] mac_out
);
  reg [0:0] r1;
  always @(posedge clk or posedge rst)
    if (rst) r1 <= 1'd1;
    else r1 <= wa;
  reg [11:0] r2;
  always @(posedge clk or posedge rst)
    if (rst) r2 <= 12'd26;
    else r2 <= c[2];
  reg [0:0] r3;
  always @(posedge clk or posedge rst)
    if (rst) r3 <= 1'd0;
    else if (($signed(a) * $signed(a))) r3 <= (wa >> b[1:0]);
  reg [11:0] mem [0:7];
  always @(posedge clk) begin
    if (en) mem[wa] <= c;
  end
  wire [11:0] rd = mem[ra];
  reg [1:0] state; reg [11:0] tally;
  always @(posedge clk)
    if (rst) begin state <= 0; tally <= 0; end
    else case (state)
      2'd0: if (en) state <= 2'd1;
      2'd1: begin tally <= tally + (r1 | a); if (tally > 12'd3622) state <= 2'd2; end
      2'd2: if (rd[0] ^ r3[0]) state <= 2'd3;
      default: state <= 2'd0;
    endcase
  wire [35:0] accs, mixes;
  wire [2:0] flags;
  genvar gi;
  generate for (gi = 0; gi < 3; gi = gi + 1) begin : lanes
    leaf #(.W(12), .K(gi + 1)) u (.clk(clk), .rst(rst), .en(en ^ gi[0]),
      .d(($signed(en) * $signed({tally, wa}))), .sel(c ^ gi),
      .acc(accs[12*gi +: 12]), .mixed(mixes[12*gi +: 12]), .flag(flags[gi]));
  end endgenerate
  wire signed [11:0] product = $signed(a) * $signed(b);
  always @(posedge clk) if (!rst && state == 2'd0) $display("S %0d %0d %h", product, $signed(tally), flags);
  assign o0 = (rd + accs);
  assign o1 = ($signed(a) * $signed(b));
  assign o2 = ($signed(wa) >>> c[1:0]);
  assign o3 = (^rd);
  assign o4 = (accs * en);
  assign o5 = ($signed(b) >>> r2[1:0]);
  assign busy = state != 2'd0;
  reg [23:0] mac0_0, mac0_1;
  always @(posedge clk) if (en) begin mac0_0 <= mac0_0 + a * b; mac0_1 <= mac0_1 + mac0_0 * b; end
  reg [23:0] mac1_0, mac1_1;
  always @(posedge clk) if (en) begin mac1_0 <= mac1_0 + a * mixes[11:0]; mac1_1 <= mac1_1 + mac1_0 * {12{c[0]}}; end
  reg [23:0] mac2_0, mac2_1;
  always @(posedge clk) if (en) begin mac2_0 <= mac2_0 + a * (b ^ 12'd3821); mac2_1 <= mac2_1 + mac2_0 * a; end
  assign mac_out = mac0_1 ^ mac1_1 ^ mac2_1 ^ {mixes[11:0], accs[11:0]};
endmodule
