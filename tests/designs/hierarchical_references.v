// Hierarchical references of every direction Verilator reads: each is followed by the cone
// like a port, and what it reads stays only as far as it needs.
module fifo(input clk, input push, input [7:0] din, output reg [3:0] count, output reg [7:0] last);
  always @(posedge clk) if (push) begin count <= count + 4'd1; last <= din * din; end
endmodule
module probe(input clk, input [7:0] d, output [7:0] q);
  reg [7:0] acc;
  always @(posedge clk) acc <= acc + d;
  assign q = acc;
endmodule
module up(output [3:0] seen);
  assign seen = xmr_all.w.q.count ^ 4'd5;    // upward, through the top's name
endmodule
module wrap(input clk, input push, input [7:0] din, output [7:0] dout);
  fifo q(.clk(clk), .push(push), .din(din), .count(), .last(dout));
  genvar i;
  generate for (i = 0; i < 2; i = i + 1) begin : lanes
    reg [2:0] hits;
    always @(posedge clk) if (push && din[i]) hits <= hits + 3'd1;
  end endgenerate
endmodule
module xmr_all(input clk, input push, input [7:0] din, output [3:0] level, output [7:0] data,
               output [2:0] lane1, output [3:0] echo, output [3:0] probed);
  wrap w(.clk(clk), .push(push), .din(din), .dout(data));
  probe dead_probe(.clk(clk), .d(din), .q());  // dead but for the reference below
  up u(.seen(echo));
  assign level = w.q.count;                    // downward, into a register
  assign lane1 = w.lanes[1].hits;              // into a generate block
  assign probed = dead_probe.acc[3:0];         // into an otherwise dead instance: its low half
  always @(posedge clk) if (push && w.q.count == 4'd7) $display("full at %0d, last %0d", w.q.count, w.q.last);
endmodule
