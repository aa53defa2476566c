"""Start Rasa the way Vejviser runs it: `python scripts/rasa_run.py run ...` (same arguments as `rasa`).

The one place the speed patches of Rasa's internals are installed (rasa_patches/,
switched off with VEJVISER_RASA_PATCHES=off). `make run`, `make shell`, the tests and
the benchmarks start Rasa through here; the stock `rasa` command runs pure Rasa 3.6.21.

Sanic is imported first because importing it turns deprecation warnings back on;
the deprecation noise of TensorFlow, Keras, pyparsing and Click is then silenced
before Rasa loads (the patches keep it silenced after Rasa configures logging).

`shell` in a terminal (what `make shell` runs) goes through a terminal guard first,
see `guarded_shell`: Ctrl-C always leaves the shell, at once and without a traceback,
also while a button menu is open.
"""

from __future__ import annotations

import os
import sys

# Set in the `rasa shell` process that runs under the terminal guard, so it does not guard itself again.
GUARDED = "VEJVISER_SHELL_GUARDED"
CTRL_C = b"\x03"
# What a killed prompt_toolkit screen may leave set in the user's terminal: colours, a hidden
# cursor (the button menu hides it), bracketed paste. Reset, shown, off.
TERMINAL_RESET = b"\x1b[0m\x1b[?25h\x1b[?2004l"


def guarded_shell(argv: list[str]) -> int:
    """Run `rasa_run.py shell ...` in a pseudo-terminal of its own and end it on Ctrl-C.

    Why: `rasa shell` reads its input with prompt_toolkit (through questionary), which puts the
    terminal in raw mode, so Ctrl-C is a key press, not a SIGINT. questionary turns it into
    "Cancelled by user" and an answer of None. At the text prompt Rasa treats None as /stop, but
    at a button menu `rasa.cli.utils.payload_from_button_question` calls None.rfind(): the
    AttributeError kills the console task inside Rasa's server, the server never hears that the
    shell is over, and the process hangs with a traceback on the screen (the same bug as
    RasaHQ/rasa#4781; still in 3.6.21). We do not patch Rasa for it: this guard copies the keys
    and the screen between the user's terminal and Rasa's, and takes Ctrl-C for itself: it kills
    Rasa's process group, restores the terminal and returns 0, like /stop. Every other key,
    /stop included, goes to Rasa unchanged.
    """
    import errno
    import fcntl
    import pty
    import select
    import signal
    import termios
    import time
    import tty

    stdin, stdout = pty.STDIN_FILENO, pty.STDOUT_FILENO
    pid, master = pty.fork()
    if pid == 0:  # the child: Rasa's shell, on the new terminal
        try:
            os.environ[GUARDED] = "1"
            os.execv(sys.executable, [sys.executable, os.path.abspath(__file__), *argv])
        finally:
            os._exit(127)

    def copy_window_size(*_: object) -> None:
        try:
            fcntl.ioctl(master, termios.TIOCSWINSZ, fcntl.ioctl(stdin, termios.TIOCGWINSZ, b"\0" * 8))
        except OSError:
            pass

    class Stop(Exception):
        """A signal asked the guard itself to stop (the terminal closed, or someone ran kill)."""

    def stop(*_: object) -> None:
        raise Stop

    def write_all(fd: int, data: bytes) -> None:
        while data:
            data = data[os.write(fd, data) :]

    def read_screen() -> bytes:
        try:
            return os.read(master, 65536)
        except OSError as error:  # EIO: Rasa's side of the terminal is closed
            if error.errno != errno.EIO:
                raise
            return b""

    def child_exit_code() -> int | None:
        done, status = os.waitpid(pid, os.WNOHANG)
        return os.waitstatus_to_exitcode(status) if done else None

    copy_window_size()
    signal.signal(signal.SIGWINCH, copy_window_size)
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
        signal.signal(number, stop)
    saved = termios.tcgetattr(stdin)
    code: int | None = None
    try:
        tty.setraw(stdin)
        while code is None:
            ready, _, _ = select.select([master, stdin], [], [], 0.5)
            if stdin in ready:
                try:
                    keys = os.read(stdin, 1024)
                except OSError:  # the user's terminal is gone
                    keys = b""
                if CTRL_C in keys:
                    write_all(master, keys[: keys.index(CTRL_C)])
                    raise Stop
                if not keys:  # the user's terminal is gone: nobody is left to talk to Rasa
                    raise Stop
                write_all(master, keys)
            if master in ready:
                data = read_screen()
                if data:
                    write_all(stdout, data)
                else:  # Rasa's side of the terminal is closed: it has ended
                    _, status = os.waitpid(pid, 0)
                    code = os.waitstatus_to_exitcode(status)
            elif not ready:
                code = child_exit_code()
        while select.select([master], [], [], 0)[0] and (data := read_screen()):  # its last words
            write_all(stdout, data)
    except Stop:
        for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):
            signal.signal(number, signal.SIG_IGN)
        # Rasa's shell leads a session of its own, so its process group is its pid. SIGKILL, because
        # its graceful stop (SIGTERM) takes over 3 s and saves nothing: each turn is in the tracker
        # store (SQLite) as soon as it is answered. What it still prints is read and dropped.
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 5
        while code is None and time.monotonic() < deadline:
            if not (select.select([master], [], [], 0.02)[0] and read_screen()):
                time.sleep(0.02)
            code = child_exit_code()
        code = 0
        try:
            write_all(stdout, TERMINAL_RESET + b"\r\n")
        except OSError:  # the terminal itself is gone
            pass
    finally:
        try:
            termios.tcsetattr(stdin, termios.TCSADRAIN, saved)
        except termios.error:  # the terminal itself is gone
            pass
        os.close(master)
    return code if code >= 0 else 128 - code  # killed by a signal: 128 + its number, as a shell says


def run_rasa() -> None:
    # Before numpy loads: one OpenBLAS thread, as scripts/env.sh sets it (why: there), also when
    # this launcher is started without that environment.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    import logging
    import warnings

    import sanic  # noqa: F401 - imported for its side effect on the warning filters, see above

    for category in (DeprecationWarning, PendingDeprecationWarning, FutureWarning):
        warnings.simplefilter("ignore", category)

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)-8s %(name)s  - %(message)s")

    from rasa.__main__ import main

    import rasa_patches  # after the filters

    rasa_patches.install()
    sys.argv[0] = "rasa"
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        # A SIGINT (Ctrl-C outside the guarded shell): leave quietly, without a traceback,
        # and without waiting for the shell's server threads.
        print()
        os._exit(0)


if __name__ == "__main__":
    if sys.argv[1:2] == ["shell"] and os.isatty(0) and not os.environ.get(GUARDED):
        sys.exit(guarded_shell(sys.argv[1:]))
    run_rasa()
