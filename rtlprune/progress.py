"""Progress of long runs (pruning a large design, timing runs, fuzzing), as users expect it: on
a terminal, one line redrawn in place (a bar when the total is known); in a log (CI, a pipe),
plain lines, no more often than every LOG_EVERY_S seconds. Nothing at all for work that ends
within QUIET_S seconds, so small designs stay silent."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable

QUIET_S = 2.0
LOG_EVERY_S = 10.0
BAR = 24


class Progress:
    def __init__(self, what: str, total: int | None = None, stream=None, tty: bool | None = None):
        self.what, self.total = what, total
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.t0 = time.monotonic()
        self.last_log = self.t0
        self.drawn = False
        self.done = 0

    def update(self, done: int | None = None, note: str = "") -> None:
        """`done` of `total` finished (or, without a total, the step `note` began)."""
        if done is not None:
            self.done = done
        now = time.monotonic()
        if now - self.t0 < QUIET_S and not (self.total and self.done >= self.total and self.drawn):
            return
        if self.tty:
            self.stream.write("\r\033[K" + self._line(now, note))
            self.drawn = True
        elif now - self.last_log >= LOG_EVERY_S or not self.drawn:
            self.stream.write(self._line(now, note) + "\n")
            self.last_log, self.drawn = now, True
        self.stream.flush()

    def close(self, note: str = "") -> None:
        """The end: on a terminal the line is finished; in a log a last line if any was written."""
        now = time.monotonic()
        if self.drawn:
            self.stream.write(("\r\033[K" if self.tty else "") + self._line(now, note or "done") + "\n")
            self.stream.flush()

    def _line(self, now: float, note: str) -> str:
        elapsed = f"{now - self.t0:.0f} s"
        if self.total:
            filled = BAR * self.done // self.total
            bar = f"[{'#' * filled}{'.' * (BAR - filled)}] " if self.tty else ""
            return f"{self.what}: {bar}{self.done}/{self.total}, {elapsed}" + (f": {note}" if note else "")
        return f"{self.what}: {note}, {elapsed}" if note else f"{self.what}: {elapsed}"

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def wait_ticking(child: subprocess.Popen, tick: Callable[[], None], every_s: float = 0.2) -> int:
    """Wait for `child`, calling `tick` (a progress update) every `every_s` seconds and back as
    soon as it ends; if the wait is interrupted (Ctrl-C), the child goes with us."""
    try:
        while child.poll() is None:
            tick()
            try:
                child.wait(timeout=every_s)
            except subprocess.TimeoutExpired:
                pass
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    return child.returncode
