"""Inference by direction and protocol, end to end: with no spec, rtlprune keeps the read
response of a host register port (testbenches poll status through it; dropping it left a
real accelerator hung for 5M cycles) and drops the write data that leaves toward memory, and
says why for each."""

import pytest
from conftest import DESIGNS, assert_equivalent

from designs.vta.tests.helpers import emit

AXI = DESIGNS / "axi_regs_dma.v"


def test_axi_style_design_keeps_host_read_data_and_drops_memory_write_data(prune):
    p = prune([AXI])
    spec = p.report["spec"]
    assert spec["dropped_outputs"] == ["m_axi_wdata"]
    assert "s_axi_rdata" in spec["kept_outputs"]
    assert spec["inferred"] == {"m_axi_wdata": "write data of handshake 'm_axi_wvalid', leaving toward memory"}
    assert list(spec["inferred_kept"]) == ["s_axi_rdata"]
    assert "  keep s_axi_rdata: read response of slave port 's_axi', requests come in on s_axi_arvalid" in p.stdout
    assert "  drop m_axi_wdata: write data of handshake 'm_axi_wvalid', leaving toward memory" in p.stdout
    written = (p.output.parent / "pruned.spec.toml").read_text()
    assert "# inferred: keep s_axi_rdata: read response" in written and 'drop = [\n    "m_axi_wdata",\n]' in written
    assert p.cells("$mul") == 0 and p.cells("$mul", "before") == 1  # the datapath behind the write data went


@pytest.mark.slow  # a formal proof, and Amaranth's VTA
def test_axi_style_inferred_spec_is_sound_and_vta_keeps_its_host_response(prune, tmp_path):
    p = prune([AXI])
    assert_equivalent(p, [AXI], cycles=12)
    vta = emit("tiny", tmp_path / "vta_tiny.v")
    v = prune([vta], "--top", "vta_top", output="vta.pruned.v")
    spec = v.report["spec"]
    assert spec["dropped_outputs"] == ["dram_wr_data_data"]
    assert "host_resp_rdata" in spec["kept_outputs"] and list(spec["inferred_kept"]) == ["host_resp_rdata"]
