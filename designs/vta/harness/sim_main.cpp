// Stand-alone Verilator driver for vta_sim_top: toggles the clock until `done` (no Python).
// Prints one line: "done=<0|1> timeout=<0|1> cycles=<vta cycles> sim_cycles=<n> seconds=<wall>".
#include <chrono>
#include <cstdio>
#include <memory>
#include "Vvta_sim_top.h"
#include "verilated.h"

int main(int argc, char** argv) {
    auto ctx = std::make_unique<VerilatedContext>();
    ctx->commandArgs(argc, argv);
    auto top = std::make_unique<Vvta_sim_top>(ctx.get());
    top->clk = 0;
    top->rst = 1;
    for (int i = 0; i < 4; ++i) { top->clk = !top->clk; top->eval(); }
    top->rst = 0;
    auto t0 = std::chrono::steady_clock::now();
    while (!top->done && !ctx->gotFinish()) {
        top->clk = 1; top->eval();
        top->clk = 0; top->eval();
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    top->final();
    std::printf("done=%d timeout=%d cycles=%u sim_cycles=%llu seconds=%.3f\n", (int)top->done,
                (int)top->timeout, (unsigned)top->cycles, (unsigned long long)top->sim_cycles, secs);
    return 0;
}
