// The C++ main of the stencil testbench, whose top TestBench takes `clock` and a free-running cycle `counter` as
// inputs (the Manticore benches' convention): toggles the clock, counts rising edges, runs
// until the testbench calls $finish (or $stop, which exits non-zero).
#include <memory>
#include <verilated.h>
#include "VTestBench.h"

int main(int argc, char** argv) {
    const std::unique_ptr<VerilatedContext> context{new VerilatedContext};
    context->commandArgs(argc, argv);
    const std::unique_ptr<VTestBench> top{new VTestBench{context.get()}};
    top->clock = 0;
    top->counter = 0;
    top->eval();
    while (!context->gotFinish()) {
        top->clock = 1;
        top->eval();
        top->clock = 0;
        top->counter = top->counter + 1;
        top->eval();
    }
    top->final();
    return 0;
}
