// Clocks the sim_tasks model with a = 200 until $finish; prints the cycle it ended in.
#include <cstdio>
#include <memory>
#include "Vsim_tasks.h"
#include "verilated.h"

int main(int argc, char** argv) {
    auto ctx = std::make_unique<VerilatedContext>();
    ctx->commandArgs(argc, argv);
    auto top = std::make_unique<Vsim_tasks>(ctx.get());
    top->a = 200;
    top->rst = 1;
    top->clk = 0; top->eval(); top->clk = 1; top->eval();
    top->rst = 0;
    long cycle = 0;
    while (!ctx->gotFinish() && cycle < 1000) {
        top->clk = 0; top->eval();
        top->clk = 1; top->eval();
        ++cycle;
    }
    std::printf("finished=%d cycle=%ld\n", (int)ctx->gotFinish(), cycle);
    top->final();
    return 0;
}
