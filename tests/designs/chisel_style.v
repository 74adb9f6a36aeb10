// Written here in the style of Chisel/FIRRTL output: printf and assert blocks under `ifndef
// SYNTHESIS, guarded by PRINTF_COND/STOP_COND, printing with $fwrite to stderr.
module ChiselStyle(
  input         clock,
  input         reset,
  input         io_in_valid,
  input  [7:0]  io_in_bits,
  output        io_out_valid,
  output [15:0] io_out_bits,
  output [3:0]  io_count
);
  reg [15:0] acc; // @[Acc.scala 12:20]
  reg [3:0] count; // @[Acc.scala 13:22]
  wire [15:0] _acc_T_1 = acc + {{8'd0}, io_in_bits}; // @[Acc.scala 15:16]
  assign io_out_valid = count == 4'hf; // @[Acc.scala 18:25]
  assign io_out_bits = acc; // @[Acc.scala 19:15]
  assign io_count = count; // @[Acc.scala 20:12]
  always @(posedge clock) begin
    if (reset) begin // @[Acc.scala 12:20]
      acc <= 16'h0; // @[Acc.scala 12:20]
    end else if (io_in_valid) begin // @[Acc.scala 14:21]
      acc <= _acc_T_1; // @[Acc.scala 15:9]
    end
    if (reset) begin // @[Acc.scala 13:22]
      count <= 4'h0; // @[Acc.scala 13:22]
    end else if (io_in_valid) begin // @[Acc.scala 14:21]
      count <= count + 4'h1; // @[Acc.scala 16:11]
    end
    `ifndef SYNTHESIS
    `ifdef PRINTF_COND
      if (`PRINTF_COND) begin
    `endif
        if (io_in_valid & ~reset) begin
          $fwrite(32'h80000002,"in %d count %d\n",io_in_bits,count); // @[Acc.scala 17:11]
        end
    `ifdef PRINTF_COND
      end
    `endif
    `endif // SYNTHESIS
    `ifndef SYNTHESIS
    `ifdef STOP_COND
      if (`STOP_COND) begin
    `endif
        if (~(count != 4'hf | ~io_in_valid) & ~reset) begin
          $fwrite(32'h80000002,"Assertion failed: overflow\n    at Acc.scala:21 assert(...)\n"); // @[Acc.scala 21:9]
        end
    `ifdef STOP_COND
      end
    `endif
    `endif // SYNTHESIS
    `ifndef SYNTHESIS
    `ifdef STOP_COND
      if (`STOP_COND) begin
    `endif
        if (~(count != 4'hf | ~io_in_valid) & ~reset) begin
          $fatal; // @[Acc.scala 21:9]
        end
    `ifdef STOP_COND
      end
    `endif
    `endif // SYNTHESIS
  end
endmodule
