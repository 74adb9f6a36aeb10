"""compare and corpus never let a table be misread: a run too short to time, pruned slower than
the original or the peer, a round trip slower than the original are said under the table."""

from rtlprune.simulation.compare import timing_warnings
from rtlprune.simulation.tables import bench_table


def test_a_short_run_is_flagged_not_reported_as_a_speedup():
    wall = {"original": 0.016, "roundtrip": 0.012, "peer": 0.015, "pruned": 0.0007}   # VTA tiny: "22x"
    assert timing_warnings(wall, True, 0.1, "timer noise") == \
        ["the original runs 16 ms: too short to time, the ratios are mostly timer noise"]


def test_slower_variants_are_named_with_their_ratio():
    wall = {"original": 2.0, "roundtrip": 2.5, "peer": 1.0, "pruned": 2.2}
    assert timing_warnings(wall, True, 0.1, "x") == [
        "pruned is SLOWER than the original (0.91x)",
        "pruned is SLOWER than the peer (0.45x): Verilator's own dead-code removal does better",
        "the round trip is slower than the original (0.80x)"]
    # with nothing dropped, the peer is the original: no claim about it
    assert not any("peer" in w for w in timing_warnings(wall, False, 0.1, "x"))
    assert timing_warnings({"original": 2.0, "roundtrip": 1.9, "peer": 2.0, "pruned": 0.5}, True, 0.1, "x") == []


def test_pruned_that_is_the_peer_is_said_so_not_called_slower():
    wall = {"original": 0.577, "roundtrip": 0.523, "peer": 0.553, "pruned": 0.697}  # picorv32-axi
    warnings = timing_warnings(wall, True, 0.1, "x", pruned_is_peer=True)
    assert "pruned: the same C++ as the peer but for names (the source's text behind a tie-off wrapper), so the " \
           "same model; their ratio (0.79x) is noise (run to run, and the code layout of two builds of it), " \
           "not pruning" in warnings
    assert not any("SLOWER than the peer" in w for w in warnings)


def test_the_model_shape_ignores_the_names_of_instances_and_signals(tmp_path):
    from rtlprune.verilator import generated_cpp_shape

    def model(name: str, instance: str, body: str):
        d = tmp_path / name
        d.mkdir()
        (d / "Vtop__0.cpp").write_text(f'x.top__DOT__{instance}__DOT__acc = {body};\n'
                                       f'VL_TRACE_PUSH_PREFIX(tracep, "{instance}", 0);\n')
        return d

    peer, pruned = model("peer", "inner", "a + b"), model("pruned", "rtlprune_source", "a + b")
    other = model("other", "inner", "a - b")
    assert generated_cpp_shape(peer) == generated_cpp_shape(pruned)
    assert generated_cpp_shape(peer) != generated_cpp_shape(other)


def test_the_table_prints_the_warnings_under_it():
    row = {"workload": "gemm-16", "cycles": dict.fromkeys(("original", "roundtrip", "peer", "pruned"), 1364),
           "wall_s": {"original": 0.004, "roundtrip": 0.003, "peer": 0.004, "pruned": 0.001},
           "cycles_per_s": dict.fromkeys(("original", "roundtrip", "peer", "pruned"), 1e6),
           "build_s": dict.fromkeys(("original", "roundtrip", "peer", "pruned"), 1.0),
           "peak_rss_mb": dict.fromkeys(("original", "roundtrip", "peer", "pruned"), 12.0),
           "speedup_vs_original": 4.0, "speedup_vs_peer": 4.0, "traces_equal": True,
           "warnings": ["the original runs 4 ms: too short to time, the ratios are mostly timer noise"]}
    assert bench_table([row]).endswith("\n\n- gemm-16: WARNING the original runs 4 ms: too short to time, "
                                        "the ratios are mostly timer noise")


def test_each_round_starts_with_another_variant():
    from rtlprune.simulation.compare import round_order
    v = ("original", "roundtrip", "peer", "pruned")
    rounds = [round_order(v, i) for i in range(4)]
    assert all(sorted(r) == sorted(v) for r in rounds)
    assert [r[0] for r in rounds] == list(v)        # every variant runs first once in four rounds


def test_a_variant_with_the_original_s_cpp_is_noise_not_slower():
    # stencil, nothing dropped: round trip and pruned are the source's text, the same model
    wall = {"original": 1.907, "roundtrip": 1.911, "peer": 2.011, "pruned": 2.007}
    same = frozenset({"roundtrip", "pruned"})
    assert timing_warnings(wall, False, 0.2, "x", same) == [
        "pruned, roundtrip: the same C++ as the original, so the same model; their ratios show the "
        "run-to-run noise (up to 5%)"]


def test_a_build_that_compiled_verilators_runtime_is_named():
    from types import SimpleNamespace as B

    from rtlprune.simulation.compare import runtime_build_note
    builds = {"original": B(cached=False, runtime_cached=False), "roundtrip": B(cached=False, runtime_cached=True),
              "peer": B(cached=True, runtime_cached=False), "pruned": B(cached=False, runtime_cached=True)}
    assert runtime_build_note(builds) == [
        "build s: original also compiled Verilator's runtime library, which the other builds took from the "
        "cache; compare build times on a second run"]
    # all alike (every one compiled it, or took it from the cache): nothing to say
    assert runtime_build_note({**builds, "roundtrip": B(cached=False, runtime_cached=False),
                               "pruned": B(cached=False, runtime_cached=False)}) == []
    assert runtime_build_note({**builds, "original": B(cached=False, runtime_cached=True)}) == []
