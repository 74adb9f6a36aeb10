// A testbench clocked by its own C++ main (main_without_final.cpp), as Manticore's and picorv32's
// are: it ends with $finish, and the main exits without calling the model's final().
module tb_driven(input clk);
  reg [15:0] cycle = 0;
  reg rst = 1, start = 0;
  reg [11:0] a = 12'd7, b = 12'd1;
  wire busy, odd;
  wire [7:0] count;
  wire [23:0] acc_out;
  mac_unit dut (.clk(clk), .rst(rst), .a(a), .b(b), .start(start), .busy(busy), .count(count), .odd(odd),
                .acc_out(acc_out));
  always @(posedge clk) begin
    cycle <= cycle + 1;
    rst <= cycle < 3;
    start <= cycle > 3 && !busy && !start;
    a <= a + 12'd3;
    b <= b ^ a;
    if (cycle == 16'd700) $finish;
  end
endmodule
