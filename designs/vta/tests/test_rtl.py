"""designs/vta RTL: Verilog emission, Verilator lint, Yosys load; a real GEMM on `default`."""

import re
import subprocess
import sys

import pytest

from designs.vta.config import CONFIGS
from designs.vta.tests.helpers import CocotbModel, emit
from designs.vta.workloads import get_workload
from rtlprune import verilator

TOP_PORTS = {
    "clk", "rst", "host_req_valid", "host_req_ready", "host_req_write", "host_req_addr", "host_req_wdata",
    "host_resp_valid", "host_resp_rdata",
    "dram_rd_req_valid", "dram_rd_req_ready", "dram_rd_req_addr", "dram_rd_req_len", "dram_rd_req_tag",
    "dram_rd_data_valid", "dram_rd_data_ready", "dram_rd_data_data", "dram_rd_data_tag", "dram_rd_data_last",
    "dram_wr_req_valid", "dram_wr_req_ready", "dram_wr_req_addr", "dram_wr_req_len",
    "dram_wr_data_valid", "dram_wr_data_ready", "dram_wr_data_data", "dram_wr_data_strb", "dram_wr_data_last",
    "dram_wr_resp_valid", "dram_wr_resp_ready",
}
SUBMODULES = ["fetch", "load", "compute", "store", "vme", "vcr", "ld_queue", "cmp_queue", "st_queue",
              "l2g_queue", "g2l_queue", "g2s_queue", "s2g_queue", "compute.gemm", "compute.alu"]

YOSYS_SCRIPT = """
import sys
from pyosys import libyosys as ys
d = ys.Design()
for cmd in ("read_verilog " + sys.argv[1], "hierarchy -top vta_top", "proc", "flatten", "tee -o " + sys.argv[2] + " stat"):
    ys.run_pass(cmd, d)
m = d.top_module()
print("PORTS", " ".join(sorted(str(p)[1:] for p in m.ports)))
"""


@pytest.fixture(scope="module")
def tiny_v(tmp_path_factory):
    return emit("tiny", tmp_path_factory.mktemp("vta_emit") / "vta_tiny.v")


def test_emit_structure_and_determinism(tiny_v, tmp_path):
    text = tiny_v.read_text()
    assert re.search(r"^module vta_top\(", text, re.M)
    for sub in SUBMODULES:
        assert f"module \\vta_top.{sub} " in text or f"module \\vta_top.{sub}(" in text, sub
    again = emit("tiny", tmp_path / "again.v")
    assert again.read_text() == text


def test_verilator_lint_clean(tiny_v):
    proc = verilator.lint([str(tiny_v)], "vta_top")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "%Warning" not in proc.stderr and "%Error" not in proc.stderr


def test_yosys_loads(tiny_v, tmp_path):
    stat = tmp_path / "stat.txt"
    proc = subprocess.run([sys.executable, "-c", YOSYS_SCRIPT, str(tiny_v), str(stat)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    ports = set(re.search(r"^PORTS (.*)$", proc.stdout, re.M).group(1).split())
    assert ports == TOP_PORTS
    text = stat.read_text()
    cfg = CONFIGS["tiny"]
    # the GEMM core: one multiplier per MAC of the block_out x block_in array
    assert int(re.search(r"(\d+)\s+\$mul\b", text).group(1)) == cfg.block_in * cfg.block_out


@pytest.mark.slow
def test_default_gemm_end_to_end(tmp_path_factory):
    """The default (1x16x16) configuration: one 16x16 tile and the 256^3 matmul, bit exact."""
    model = CocotbModel("default", tmp_path_factory.mktemp("vta_default"))
    cfg = CONFIGS["default"]
    for name in ("gemm-16", "matmul-256"):
        res = model.run(get_workload(name, cfg))
        assert res["passed"] and res["match"] and not res["timeout"], (name, res)
