// The Verilog top Icarus runs in place of main_without_final.cpp (driven.toml's [icarus] table),
// hidden from Verilator as picorv32's testbench.v hides its own.
`ifndef VERILATOR
module tb_driven_top;
  reg clk = 0;
  always #5 clk = ~clk;
  tb_driven tb (.clk(clk));
endmodule
`endif
