// The equivalence monitors' last record, for a model built with the user's own C++ main, which
// may end without calling the model's final() (picorv32's testbench.cc): `final` blocks then
// never run. The monitors hand their record to these DPI functions at every clock edge (a call,
// no I/O), and it is written at exit, in the format `final` writes
// (rtlprune/simulation/testbench/variants.py; the file names are TRACE_FILE and LOCKSTEP_FILE + ".end").
#include <cstdio>
#include <cstdlib>

namespace {
bool armed = false, have_trace = false, have_lockstep = false;
unsigned long long trace_cycles, trace_hash, lockstep_cycles;
bool lockstep_differ;

void write_records() {
    if (have_trace) {
        if (std::FILE* f = std::fopen("rtlprune_trace.txt.end", "w")) {
            std::fprintf(f, "cycles %llu %016llx\n", trace_cycles, trace_hash);
            std::fclose(f);
        }
    }
    if (have_lockstep) {
        if (std::FILE* f = std::fopen("rtlprune_lockstep.txt.end", "w")) {
            std::fprintf(f, "cycles %llu %s\n", lockstep_cycles, lockstep_differ ? "differ" : "equal");
            std::fclose(f);
        }
    }
}

void arm() {
    if (!armed) {
        armed = true;
        std::atexit(write_records);
    }
}
}  // namespace

extern "C" void rtlprune_end_trace(long long cycles, long long hash) {
    arm();
    have_trace = true;
    trace_cycles = static_cast<unsigned long long>(cycles);
    trace_hash = static_cast<unsigned long long>(hash);
}

extern "C" void rtlprune_end_lockstep(long long cycles, unsigned char differ) {
    arm();
    have_lockstep = true;
    lockstep_cycles = static_cast<unsigned long long>(cycles);
    lockstep_differ = differ != 0;
}
