"""``python -m optgrid``: optgrid's command line from the wheel, with no Rust toolchain.

Every subcommand, flag, message and exit status is the ``optgrid`` binary's: both run the same
Rust function (``optgrid::cli::main``). The wheel also installs it as the ``optgrid`` command.
"""
import signal
import sys

from optgrid import _native


def main() -> int:
    """Runs ``optgrid`` with this process's arguments; returns its exit status."""
    # Ctrl-C ends the process at once, as it ends the binary: the engine runs without the GIL,
    # where Python's own handler would wait for it. Files are written atomically either way.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    sys.stdout.flush()
    return _native.cli(["optgrid", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
