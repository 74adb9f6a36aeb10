"""The system tasks carried through Yosys as $print cells, whose format string starts with
TASK_TAG and the task's name (rtlprune.hdl.system_tasks writes and restores them). Plain
constants, no pyosys, so that the Verilog-text layer shares them."""

TASK_TAG = "@rtlprune:"
FINISHES = ("finish", "stop")                          # end the simulation: always observed
SEVERITIES = ("fatal", "error", "warning", "info")     # assertion failures
FILE_PRINTS = ("fwrite",)                              # prints to stdout/stderr (Chisel's printf)
TASKS = FINISHES + SEVERITIES + FILE_PRINTS
