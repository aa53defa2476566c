"""The staff command `make shell`: rasa shell with the action server, in a real terminal.

rasa shell draws its prompt with prompt_toolkit, which needs a terminal, so the
test runs it in a pseudo-terminal and types into it as a person would.
"""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import socket
import subprocess
import termios
import time
from pathlib import Path

import pytest
from stack import ROOT, free_port

pytestmark = pytest.mark.e2e

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


class Terminal:
    def __init__(self, argv: list[str], env: dict[str, str]):
        self.master, slave = pty.openpty()
        self.settings = termios.tcgetattr(self.master)  # the terminal's settings before the program runs
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave, start_new_session=True)
        os.close(slave)
        self.seen = ""

    def read_until(self, pattern: str, timeout: float, after: int = 0) -> str:
        """All output so far, once `pattern` is in it (in what came from position `after` on)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.seen[after:]):
                return self.seen
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                try:
                    self.seen += ANSI.sub("", os.read(self.master, 65536).decode("utf-8", "replace"))
                except OSError:  # the other side closed
                    break
        raise AssertionError(f"did not see {pattern!r}; last output:\n{self.seen[-3000:]}")

    def type(self, text: str) -> None:
        os.write(self.master, text.encode() + b"\r")

    def press(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def wait_exit(self, timeout: float) -> tuple[int | None, float]:
        """The exit status and how long it took (None if still running), reading the screen meanwhile."""
        start = time.monotonic()
        while self.proc.poll() is None and time.monotonic() - start < timeout:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    self.seen += ANSI.sub("", os.read(self.master, 65536).decode("utf-8", "replace"))
                except OSError:
                    time.sleep(0.05)
        return self.proc.poll(), time.monotonic() - start

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        os.close(self.master)


def shell_env(tmp_path, action_port: int) -> dict[str, str]:
    env = {
        **os.environ,
        "VEJVISER_NOW": "2026-11-23T09:30",
        "VEJVISER_VAR": str(tmp_path),
        "VEJVISER_DB": str(ROOT / "var" / "catalogue.db"),
        "VEJVISER_SHELL_ACTION_PORT": str(action_port),
        "VEJVISER_SHELL_PORT": str(free_port()),
        "TERM": "xterm",
        "COLUMNS": "200",
        "LINES": "50",
    }
    env.pop("VEJVISER_ACTION_URL", None)
    env.pop("VEJVISER_ACTION_PORT", None)
    return env


def listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def processes_of(var: Path) -> list[int]:
    """Our processes still running with this VEJVISER_VAR: the shell, its Rasa, its action server."""
    mark = b"\0VEJVISER_VAR=" + str(var).encode() + b"\0"
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark in b"\0" + environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:  # gone meanwhile, or not ours
            pass
    return found


def test_make_shell_talks_danish_with_the_action_server(tmp_path):
    action_port = free_port()
    terminal = Terminal(["make", "shell"], shell_env(tmp_path, action_port))
    try:
        terminal.read_until(r"Your input ->", timeout=300)
        terminal.type("hvornår har nyropsgade åbent")
        out = terminal.read_until(r"Åbent nu – lukker kl\. \d", timeout=60)
        assert "Nyropsgade" in out and "Undskyld" not in out
        # The conversation went to the shell's own tracker, not the live one.
        assert (tmp_path / "shell-tracker.db").exists()
        # The answer ends with buttons; the last one, "Type out your own message...", is one
        # arrow key up. /stop there quits and takes the action server with it.
        terminal.read_until(r"Type out your own message", timeout=30)
        mark = len(terminal.seen)
        terminal.press(b"\x1b[A")
        terminal.type("")
        terminal.read_until(r"Your input ->", timeout=30, after=mark)
        terminal.type("/stop")
        status, _ = terminal.wait_exit(timeout=30)
        assert status == 0, terminal.seen[-3000:]
        assert not listening(action_port)
    finally:
        terminal.close()


@pytest.mark.parametrize("where", ["button menu", "text prompt"])
def test_ctrl_c_leaves_make_shell_at_once(tmp_path, where):
    """Issue #16: Ctrl-C in a button menu printed a traceback and hung (Rasa 3.6's shell, RasaHQ/rasa#4781)."""
    action_port = free_port()
    env = shell_env(tmp_path, action_port)
    terminal = Terminal(["make", "shell"], env)
    try:
        terminal.read_until(r"Your input ->", timeout=300)
        if where == "button menu":
            terminal.type("jeg ryger for meget hash")
            # Asked where they live, with the municipalities as buttons: Rasa's (questionary's) select menu.
            terminal.read_until(r"(?s)Rødovre.*Type out your own message", timeout=60)
        time.sleep(0.5)
        terminal.press(b"\x03")
        status, took = terminal.wait_exit(timeout=30)
        assert status in (0, 130), f"still running after 30 s:\n{terminal.seen[-3000:]}"
        assert took < 3, f"took {took:.1f} s to exit"
        assert "Traceback" not in terminal.seen, terminal.seen[-3000:]
        # The terminal is as it was (not left raw, no echo), and nothing of ours is left running.
        assert termios.tcgetattr(terminal.master) == terminal.settings
        assert not listening(action_port) and not listening(int(env["VEJVISER_SHELL_PORT"]))
        assert processes_of(tmp_path) == []
    finally:
        terminal.close()


def test_make_shell_says_so_when_its_action_port_is_taken(tmp_path):
    """`make shell` next to `make run`: a taken port is an error, not a shell whose actions all fail."""
    import socket

    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        done = subprocess.run(
            ["make", "shell"],
            cwd=ROOT,
            env=shell_env(tmp_path, port),
            capture_output=True,
            text=True,
            timeout=600,
            stdin=subprocess.DEVNULL,
        )
    assert done.returncode != 0
    assert "in use by another process" in done.stdout + done.stderr
