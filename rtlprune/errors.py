"""The one exception type that reaches users as a one-line message."""


import signal
import sys
from collections.abc import Callable


class UserError(Exception):
    """A problem with what the user gave (RTL, spec, options): printed as one line, exit 2."""


class _Terminated(BaseException):
    """SIGTERM, raised so that `finally` blocks remove temporary files."""


def _terminate(signum, frame):
    raise _Terminated()


def run_command(prog: str, body: Callable[[], int]) -> int:
    """Run a command's body; a UserError becomes one line on stderr and exit code 2."""
    signal.signal(signal.SIGTERM, _terminate)
    try:
        return body()
    except UserError as e:
        print(f"{prog}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    except _Terminated:
        print(f"{prog}: terminated", file=sys.stderr)
        return 143
