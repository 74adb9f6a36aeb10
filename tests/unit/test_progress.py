"""Progress of long runs: a line redrawn in place on a terminal, plain lines in a log, nothing
for work that ends within a moment."""

import io

from rtlprune import progress
from rtlprune.progress import Progress


def test_quick_work_prints_nothing():
    out = io.StringIO()
    with Progress("rtlprune: pruning x", stream=out, tty=False) as p:
        p.update(note="cone")
    assert out.getvalue() == ""


def test_a_log_gets_plain_lines_and_a_terminal_a_bar(monkeypatch):
    monkeypatch.setattr(progress, "QUIET_S", 0.0)
    log = io.StringIO()
    with Progress("fuzz", total=4, stream=log, tty=False) as p:
        p.update(1, "0 failed")
        p.update(2, "0 failed")     # within LOG_EVERY_S of the first line: not repeated
    lines = log.getvalue().splitlines()
    assert lines[0].startswith("fuzz: 1/4, 0 s: 0 failed") and lines[-1].startswith("fuzz: 2/4, 0 s: done")
    assert len(lines) == 2 and "\r" not in log.getvalue()
    term = io.StringIO()
    with Progress("fuzz", total=4, stream=term, tty=True) as p:
        p.update(2)
    assert "\r\033[Kfuzz: [" + "#" * 12 + "." * 12 + "] 2/4" in term.getvalue()
    assert term.getvalue().endswith("\n")
