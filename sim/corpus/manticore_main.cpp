// The C++ main of Manticore_tb.sv, whose top `Main` takes only `clock`: toggles it until the
// testbench calls $finish (or $stop, which exits non-zero).
#include <memory>
#include <verilated.h>
#include "VMain.h"

int main(int argc, char** argv) {
    const std::unique_ptr<VerilatedContext> context{new VerilatedContext};
    context->commandArgs(argc, argv);
    const std::unique_ptr<VMain> top{new VMain{context.get()}};
    top->clock = 0;
    top->eval();
    while (!context->gotFinish()) {
        top->clock = 1;
        top->eval();
        top->clock = 0;
        top->eval();
    }
    top->final();
    return 0;
}
