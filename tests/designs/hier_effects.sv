// Several modules, a blackbox instance, a $display and an assertion, each fed by logic
// that no output needs: kept by default, removable on request.
(* blackbox *)
module bb_sink(input clk, input [7:0] d, output [7:0] q);
endmodule

module counter(input clk, input rst, input en, output reg [7:0] count);
  always @(posedge clk) if (rst) count <= 0; else if (en) count <= count + 1;
endmodule

module scrambler(input clk, input [7:0] d, output reg [7:0] q);
  reg [7:0] s;
  always @(posedge clk) begin
    s <= s ^ d;
    q <= s * 8'd3;
  end
endmodule

module hier_effects(
  input clk, input rst, input en, input [7:0] din,
  output [7:0] count, output [7:0] sink_out, output [7:0] scrambled_data
);
  wire [7:0] scr;
  reg [7:0] watched, checked;
  counter u_count(.clk(clk), .rst(rst), .en(en), .count(count));
  scrambler u_scr(.clk(clk), .d(din), .q(scr));
  bb_sink u_sink(.clk(clk), .d(din + 8'd1), .q(sink_out));
  always @(posedge clk) begin
    watched <= watched + din;
    checked <= checked ^ din;
    if (watched == 8'h42) $display("watched hit %h", watched);
    if (!rst) assert (checked != 8'hff);
  end
  assign scrambled_data = scr;
endmodule
