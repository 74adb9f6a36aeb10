"""The harness pipeline: a design driven by a harness that rtlprune.simulation writes around
it (a TOML description naming the harness, the DUT, its clock, reset, done and image): the
variants made from it, its lockstep and trace equivalence runs, and its timed bench."""
