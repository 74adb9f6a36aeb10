"""rtlprune inside the flows users already have: cocotb's Makefile.sim (`rtlprune.mk`, helper
`makefile.py`), cocotb's Python runner (`runner.py`); what both share: pruning cached on the
content of what it reads (`cache.py`) and the minimal-visibility control file (`visibility.py`)."""
