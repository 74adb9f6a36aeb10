"""rtlprune.hdl: Verilog as text. Lexing, module and port reading, the source's preprocessed
text (`verilator -E`), system tasks carried through Yosys, the edits made to the Verilog Yosys
writes, and the top's tie-off wrapper.

Lexical on purpose (no elaboration), and shared by both sides: it imports neither pyosys nor
jinja2 nor `rtlprune.engine` or `rtlprune.simulation` (tests/unit/test_layers.py checks it)."""
