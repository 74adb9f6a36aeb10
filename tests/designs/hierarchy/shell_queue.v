// Wrappers (top -> shell -> core) around a queue whose memory is written by index: with the
// dequeued data dropped, the memory and the delay lines (parameters per instance) on the data
// path go; the queue's count, a print on the live path and an assertion stay.
module Delay #(parameter W = 8, parameter N = 2) (input clk, input [W-1:0] d, output [W-1:0] q);
  reg [W-1:0] stage [0:N-1];
  integer i;
  always @(posedge clk) begin
    stage[0] <= d;
    for (i = 1; i < N; i = i + 1) stage[i] <= stage[i-1];
  end
  assign q = stage[N-1];
endmodule
module Queue(input clk, input rst, input enq, input deq, input [15:0] enq_data, output [15:0] deq_data,
             output reg [2:0] count);
  reg [15:0] mem [0:7];
  reg [2:0] head, tail;
  always @(posedge clk) begin
    if (rst) begin head <= 3'd0; tail <= 3'd0; count <= 3'd0; end
    else begin
      if (enq) begin mem[tail] <= enq_data; tail <= tail + 3'd1; end
      if (deq) head <= head + 3'd1;
      count <= count + {2'b0, enq} - {2'b0, deq};
    end
  end
  assign deq_data = mem[head];
endmodule
module Core(input clk, input rst, input enq, input deq, input [15:0] data, output [15:0] out_data,
            output [2:0] count);
  wire [15:0] late, early;
  Delay #(.W(16), .N(3)) d_in(.clk(clk), .d(data), .q(early));
  Queue q(.clk(clk), .rst(rst), .enq(enq), .deq(deq), .enq_data(early), .deq_data(late), .count(count));
  Delay #(.W(16), .N(1)) d_out(.clk(clk), .d(late), .q(out_data));
  always @(posedge clk) if (!rst && count == 3'd7 && enq) $display("queue full at count %d", count);
  always @(posedge clk) if (!rst) assert (count != 3'd7 || !enq || deq || 1'b1);
endmodule
module Shell(input clk, input rst, input enq, input deq, input [15:0] data, output [15:0] out_data,
             output [2:0] count);
  Core core(.clk(clk), .rst(rst), .enq(enq), .deq(deq), .data(data), .out_data(out_data), .count(count));
endmodule
module shell_queue(input clk, input rst, input enq, input deq, input [15:0] data, output [15:0] out_data,
                   output [2:0] count);
  Shell shell(.clk(clk), .rst(rst), .enq(enq), .deq(deq), .data(data), .out_data(out_data), .count(count));
endmodule
