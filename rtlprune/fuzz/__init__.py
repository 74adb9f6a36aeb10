"""rtlprune.fuzz: random differential testing of rtlprune (`python -m rtlprune.fuzz`,
`make -C sim fuzz`): random designs and specs (`generate`), judged by formal equivalence,
Verilator co-simulation of the original source against the pruned output, and lint (`oracles`)."""
