"""The observation spec on its own: inference, resolution against a design's names, config files."""

from pathlib import Path

import pytest

from rtlprune.config_file import format_config, read_config
from rtlprune.errors import UserError
from rtlprune.spec import Inference, SpecRequest, infer_spec, resolve

PORTS = ["clk", "rst", "start", "busy", "result_valid", "result_data", "mem_wvalid", "mem_wdata",
         "io_out_valid", "io_out_bits", "io_cmd_bits_data", "orphan_data"]
OUTPUTS = ["busy", "result_valid", "result_data", "mem_wvalid", "mem_wdata", "io_out_valid", "io_out_bits",
           "io_cmd_bits_data", "orphan_data"]


def test_inference_drops_payloads_beside_a_valid_and_says_why():
    inferred = infer_spec(OUTPUTS, PORTS + ["io_cmd_valid"])
    assert inferred.drop == {
        "result_data": "data payload of handshake 'result_valid'",
        "mem_wdata": "write data of handshake 'mem_wvalid', leaving toward memory",   # AXI channel letter
        "io_out_bits": "data payload of handshake 'io_out_valid'",      # Chisel Decoupled
        "io_cmd_bits_data": "data payload of handshake 'io_cmd_valid'",
    }
    assert inferred.keep == {}


def test_inference_keeps_data_without_a_handshake():
    assert "orphan_data" not in infer_spec(OUTPUTS, PORTS).drop
    assert infer_spec(["x_data"], ["x_data", "x_ready"]) == Inference({}, {})


# A Chisel accelerator with an AXI slave for the host (its read channel answers the host's
# status polls) and an AXI master toward memory, as tvm-vta's Chisel build names them.
AXI_PORTS = {
    "inputs": ["clock", "reset", "io_host_aw_valid", "io_host_aw_bits_addr", "io_host_w_valid", "io_host_w_bits_data",
               "io_host_ar_valid", "io_host_ar_bits_addr", "io_host_r_ready", "io_host_b_ready",
               "io_mem_aw_ready", "io_mem_w_ready", "io_mem_ar_ready", "io_mem_r_valid", "io_mem_r_bits_data",
               "io_mem_b_valid"],
    "outputs": ["io_host_aw_ready", "io_host_w_ready", "io_host_ar_ready", "io_host_r_valid", "io_host_r_bits_data",
                "io_host_b_valid", "io_mem_aw_valid", "io_mem_aw_bits_addr", "io_mem_w_valid", "io_mem_w_bits_data",
                "io_mem_w_bits_strb", "io_mem_ar_valid", "io_mem_ar_bits_addr", "io_mem_r_ready", "io_mem_b_ready"],
}


def test_inference_keeps_a_slave_ports_read_response_and_drops_master_write_data():
    outputs = AXI_PORTS["outputs"]
    inferred = infer_spec(outputs, AXI_PORTS["inputs"] + outputs)
    assert inferred.drop == {"io_mem_w_bits_data": "write data of handshake 'io_mem_w_valid', leaving toward memory"}
    assert inferred.keep == {"io_host_r_bits_data": "read response of slave port 'io_host', requests come in on "
                             "io_host_ar_valid: a testbench may poll status through it (drop it explicitly if "
                             "nothing reads it)"}


def test_inference_keeps_register_port_read_data():
    """A control-register port (`*_ctrl_rdata` beside `*_ctrl_rvalid`) and a response channel."""
    outputs = ["s_ctrl_rvalid", "s_ctrl_rdata", "host_resp_valid", "host_resp_rdata", "m_wvalid", "m_wdata"]
    inferred = infer_spec(outputs, outputs + ["s_ctrl_arvalid", "host_req_valid", "m_wready"])
    assert set(inferred.keep) == {"s_ctrl_rdata", "host_resp_rdata"}
    assert inferred.drop == {"m_wdata": "write data of handshake 'm_wvalid', leaving toward memory"}


def _resolve(request, outputs=OUTPUTS, signals=("core.state", "core.acc", "busy"), attr_keep=(), attr_drop=(),
             side_effects=0):
    return resolve(request, "top", list(outputs), PORTS, list(signals), list(attr_keep), list(attr_drop), side_effects)


def test_empty_request_infers_and_records_why():
    spec = _resolve(SpecRequest())
    assert spec.dropped_outputs == ["result_data", "mem_wdata", "io_out_bits"]
    assert set(spec.inferred) == set(spec.dropped_outputs)
    assert "busy" in spec.kept_outputs


def test_any_explicit_request_turns_inference_off():
    assert _resolve(SpecRequest(no_inference=True)).dropped_outputs == []
    spec = _resolve(SpecRequest(drop=["mem_*"]))
    assert spec.dropped_outputs == ["mem_wvalid", "mem_wdata"] and spec.inferred == {}
    assert _resolve(SpecRequest(), attr_drop=["busy"]).dropped_outputs == ["busy"]


def test_keep_names_internal_signals_and_wins_over_a_broader_drop():
    spec = _resolve(SpecRequest(drop=["*"], keep=["core.*", "busy"]))
    assert spec.kept_signals == ["core.acc", "core.state"]
    assert spec.kept_outputs == ["busy"]


@pytest.mark.parametrize("request_, message", [
    (SpecRequest(drop=["nope_*"]), "--drop 'nope_*' matches no output port of 'top' (outputs: busy, result_valid"),
    (SpecRequest(keep=["core.nothing"]), "--keep 'core.nothing' matches no signal of 'top'"),
    (SpecRequest(drop=["*"]), "the spec observes nothing in 'top'"),
])
def test_bad_patterns_are_one_line_errors(request_, message):
    with pytest.raises(UserError) as e:
        _resolve(request_)
    assert str(e.value).startswith(message) and "\n" not in str(e.value)


def test_dropping_every_output_is_fine_while_a_side_effect_is_observed():
    assert _resolve(SpecRequest(drop=["*"]), side_effects=1).kept_outputs == []


def test_config_file_round_trip(tmp_path: Path):
    spec = _resolve(SpecRequest(keep=["core.state"], drop=["result_data"], drop_prints=True))
    path = tmp_path / "spec.toml"
    path.write_text(format_config(spec))
    request, top = read_config(path)
    assert top == "top"
    assert request == SpecRequest(keep=["core.state"], drop=["result_data"], drop_prints=True)
    assert _resolve(request) == spec


@pytest.mark.parametrize("text, message", [
    ("drop = 3\n", "key 'drop' must be a list of strings"),
    ("dorp = []\n", "unknown key 'dorp'"),
    ("drop = [\n", "invalid TOML"),
])
def test_bad_config_files_are_one_line_errors(tmp_path: Path, text, message):
    path = tmp_path / "spec.toml"
    path.write_text(text)
    with pytest.raises(UserError, match=message):
        read_config(path)
