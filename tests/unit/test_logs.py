"""Progress messages: a logger per module, shown by a command on stderr named by package, once;
nothing shown for a library user who did not ask."""

import logging
import subprocess
import sys

import pytest

from rtlprune.logs import show_on_stderr


@pytest.fixture
def clean_rtlprune_logger():
    logger = logging.getLogger("rtlprune")
    saved = (list(logger.handlers), logger.level, logger.propagate)
    logger.handlers.clear()
    yield logger
    logger.handlers[:], logger.level, logger.propagate = saved


def test_a_command_shows_messages_by_package_once(clean_rtlprune_logger, capsys):
    show_on_stderr()
    show_on_stderr()
    logging.getLogger("rtlprune.simulation.harness.bench").info("building with Verilator 5.048")
    logging.getLogger("rtlprune.verilator").info("verilating top in build/")
    logging.getLogger("rtlprune.simulation.backends").debug("not at INFO")
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == "rtlprune.simulation: building with Verilator 5.048\nrtlprune.verilator: verilating top in build/\n"


def test_a_library_user_sees_nothing_unasked():
    code = ("import logging, rtlprune.simulation.harness.bench as c; "
            "logging.getLogger('rtlprune.simulation.harness.bench').info('progress')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout == proc.stderr == ""


def test_every_module_that_reports_progress_has_its_own_logger():
    import rtlprune.icarus
    import rtlprune.simulation.harness.bench
    import rtlprune.simulation.testbench.bench
    import rtlprune.verilator
    for module in (rtlprune.icarus, rtlprune.verilator, rtlprune.simulation.harness.bench, rtlprune.simulation.testbench.bench):
        loggers = [v for v in vars(module).values() if isinstance(v, logging.Logger)]
        assert [lg.name for lg in loggers] == [module.__name__]
