"""The own-testbench pipeline: a design run by the user's own testbench, unmodified (a TOML
description naming the DUT's and the testbench's sources): the variants made from it, its trace
and lockstep equivalence runs, and its timed bench."""
