"""rtlprune's transform as Yosys material: flow scripts and passes written against pyosys.

`import yosys_passes.passes` (or `plugin -i .../yosys_passes/passes.py` in a pyosys-hosted
Yosys) registers the commands `rtlprune_observe` and `rtlprune_cone`.
"""

from pathlib import Path

SCRIPTS = Path(__file__).parent
