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
import subprocess
import time

import pytest

from stack import ROOT, free_port

pytestmark = pytest.mark.e2e

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\r")


class Terminal:
    def __init__(self, argv: list[str], env: dict[str, str]):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdin=slave, stdout=slave, stderr=slave,
                                     start_new_session=True)
        os.close(slave)
        self.seen = ""

    def read_until(self, pattern: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if re.search(pattern, self.seen):
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

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        os.close(self.master)


def shell_env(tmp_path, action_port: int) -> dict[str, str]:
    env = {**os.environ, "VEJVISER_NOW": "2026-11-23T09:30", "VEJVISER_VAR": str(tmp_path),
           "VEJVISER_DB": str(ROOT / "var" / "catalogue.db"), "VEJVISER_SHELL_ACTION_PORT": str(action_port),
           "VEJVISER_SHELL_PORT": str(free_port()), "TERM": "xterm", "COLUMNS": "200", "LINES": "50"}
    env.pop("VEJVISER_ACTION_URL", None)
    env.pop("VEJVISER_ACTION_PORT", None)
    return env


def test_make_shell_talks_danish_with_the_action_server(tmp_path):
    terminal = Terminal(["make", "shell"], shell_env(tmp_path, free_port()))
    try:
        terminal.read_until(r"Your input ->", timeout=300)
        terminal.type("hvornår har nyropsgade åbent")
        out = terminal.read_until(r"Åbent nu – lukker kl\. \d", timeout=60)
        assert "Nyropsgade" in out and "Undskyld" not in out
        # The conversation went to the shell's own tracker, not the live one.
        assert (tmp_path / "shell-tracker.db").exists()
    finally:
        terminal.close()


def test_make_shell_says_so_when_its_action_port_is_taken(tmp_path):
    """`make shell` next to `make run`: a taken port is an error, not a shell whose actions all fail."""
    import socket

    port = free_port()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", port))
        taken.listen()
        done = subprocess.run(["make", "shell"], cwd=ROOT, env=shell_env(tmp_path, port), capture_output=True,
                              text=True, timeout=600, stdin=subprocess.DEVNULL)
    assert done.returncode != 0
    assert "in use by another process" in done.stdout + done.stderr
