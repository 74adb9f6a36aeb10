"""Progress messages go through `logging`, one logger per module (`logging.getLogger(__name__)`).
A command (errors.run_command) shows them on stderr, named by package, as they always read:
`rtlprune.simulation: building with Verilator 5.048`; stdout carries results and tables. As a
library, rtlprune leaves them to the caller's logging configuration."""

from __future__ import annotations

import logging
import sys


class _Stderr(logging.Handler):
    """Writes to the sys.stderr of the moment (a test's capture, a redirected stream)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            print(self.format(record), file=sys.stderr, flush=True)
        except Exception:  # noqa: BLE001 - logging never raises into the caller
            self.handleError(record)


class _ByPackage(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return f"{'.'.join(record.name.split('.')[:2])}: {record.getMessage()}"


def show_on_stderr(level: int = logging.INFO) -> None:
    """Show rtlprune's messages at `level` and above on stderr (once, however often called)."""
    logger = logging.getLogger("rtlprune")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        handler = _Stderr()
        handler.setFormatter(_ByPackage())
        logger.addHandler(handler)
        logger.propagate = False   # a command's messages are shown once, here
    logger.setLevel(level)


def shown_level() -> int | None:
    """The level show_on_stderr set in this process, or None if it was not called."""
    logger = logging.getLogger("rtlprune")
    return logger.level if any(isinstance(h, _Stderr) for h in logger.handlers) else None
