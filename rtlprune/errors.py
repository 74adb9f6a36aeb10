"""The two exception types that reach users as one line: UserError (what they gave is wrong)
and ToolError (rtlprune or a tool it runs failed where the input is not to blame)."""


import signal
import sys
from collections.abc import Callable


class UserError(Exception):
    """A problem with what the user gave (RTL, spec, options): printed as one line, exit 2."""


class ToolError(Exception):
    """A failure that is not the user's: the Yosys worker died without an error of Yosys, or
    what rtlprune wrote failed its own check. Printed as one line ("internal error: ..."), exit 3."""


class _Terminated(BaseException):
    """SIGTERM, raised so that `finally` blocks remove temporary files."""


def _terminate(signum, frame):
    raise _Terminated()


def run_command(prog: str, body: Callable[[], int]) -> int:
    """Run a command's body; a UserError becomes one line on stderr and exit code 2, a
    ToolError one line and exit code 3."""
    from rtlprune.logs import show_on_stderr

    show_on_stderr()
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return body()
    except UserError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    except ToolError as e:
        print(f"{prog}: internal error: {e}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print(f"{prog}: terminated", file=sys.stderr)
        return 143
