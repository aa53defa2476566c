"""The README's run command: it starts everything, answers in Danish, and Ctrl-C stops it all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from stack import ROOT, free_port, post_json, texts

pytestmark = pytest.mark.e2e


def _port_in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_make_run_answers_in_danish_and_stops_cleanly(tmp_path):
    ports = {"VEJVISER_RASA_PORT": free_port(), "VEJVISER_ACTION_PORT": free_port(), "VEJVISER_WEB_PORT": free_port()}
    env = {
        **os.environ,
        **{k: str(v) for k, v in ports.items()},
        "VEJVISER_NOW": "2026-11-23T09:30",
        "VEJVISER_TRACKER_DB": str(tmp_path / "tracker.db"),
    }
    log = open(tmp_path / "run.log", "w+")  # noqa: SIM115 - make run writes to it for the whole test
    proc = subprocess.Popen(["make", "run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 300
        while "Vejviser is running." not in (tmp_path / "run.log").read_text() and time.monotonic() < deadline:
            assert proc.poll() is None, (tmp_path / "run.log").read_text()[-3000:]
            time.sleep(1)
        output = (tmp_path / "run.log").read_text()
        assert "Vejviser is running." in output and "no training needed" in output, output[-3000:]
        status, reply = post_json(
            f"http://localhost:{ports['VEJVISER_RASA_PORT']}/webhooks/rest/webhook",
            {"sender": "run-test", "message": "hvornår har nyropsgade åbent"},
        )
        assert status == 200 and "Åbent nu – lukker kl. 12.00." in texts(reply)
        page = urllib.request.urlopen(f"http://localhost:{ports['VEJVISER_WEB_PORT']}/", timeout=10).read().decode()
        assert "Vejviser" in page
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
        proc.wait(timeout=60)
    time.sleep(1)
    for port in ports.values():
        assert not _port_in_use(port), f"port {port} still in use after Ctrl-C"
