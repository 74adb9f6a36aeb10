// Instances whose outputs nothing observed reads, but which hold something observed: a
// print, an assertion, a blackbox, a kept signal (by attribute or by --keep). Pruning the
// hierarchy before flatten must keep exactly those, and only in the instances that hold them.
(* blackbox *)
module dead_bb(input clk, input [3:0] d, output [3:0] q);
endmodule

module leaf(input clk, input rst, input [7:0] d, output reg [7:0] q);
  reg [7:0] inner;
  always @(posedge clk) begin
    inner <= rst ? 8'd0 : inner + d;
    q <= inner * d;
  end
endmodule

module printer(input clk, input [7:0] d, output reg [7:0] q);
  reg [7:0] seen;
  always @(posedge clk) begin
    seen <= seen ^ d;
    q <= seen + 8'd1;
    if (seen == 8'h5a) $display("seen %h", seen);
  end
endmodule

module asserter(input clk, input rst, input [7:0] d, output [7:0] q);
  reg [7:0] total;
  always @(posedge clk) begin
    total <= rst ? 8'd0 : total + d;
    if (!rst) assert (total != 8'hff);
  end
  assign q = total;
endmodule

module bb_holder(input clk, input [7:0] d, output [7:0] q);
  wire [3:0] bq;
  dead_bb u_bb(.clk(clk), .d(d[3:0] ^ d[7:4]), .q(bq));
  assign q = {bq, d[3:0]};
endmodule

module tagged_mark(input clk, input [7:0] d, output [7:0] q);
  (* rtlprune_keep *) reg [7:0] mark;
  always @(posedge clk) mark <= mark + d;
  assign q = mark;
endmodule

module dead_instances(
  input clk, input rst, input [7:0] din,
  output [7:0] count, output [31:0] junk_data, output junk_valid
);
  wire [7:0] a, b, c, e, f, g;
  leaf u_a(.clk(clk), .rst(rst), .d(din), .q(a));
  leaf u_b(.clk(clk), .rst(rst), .d(din ^ 8'h11), .q(b));
  printer u_p(.clk(clk), .d(din), .q(c));
  asserter u_c(.clk(clk), .rst(rst), .d(din), .q(e));
  bb_holder u_h(.clk(clk), .d(din), .q(f));
  tagged_mark u_t(.clk(clk), .d(din), .q(g));
  reg [7:0] cnt;
  always @(posedge clk) cnt <= rst ? 8'd0 : cnt + 8'd1;
  assign count = cnt;
  assign junk_valid = cnt[0];
  assign junk_data = {a ^ b, c, e ^ f, g};
endmodule
