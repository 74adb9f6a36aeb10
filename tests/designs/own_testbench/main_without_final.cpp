// A user's main in the style of picorv32's testbench.cc: it toggles the clock until $finish and
// exits without calling final(), so the testbench's `final` blocks never run.
#include <cstdlib>
#include "Vtb_driven.h"
#include "verilated.h"

int main(int argc, char** argv) {
    Verilated::commandArgs(argc, argv);
    Vtb_driven* top = new Vtb_driven;
    top->clk = 0;
    while (!Verilated::gotFinish()) {
        top->clk = !top->clk;
        top->eval();
    }
    std::exit(0);
}
