"""The stock Rasa commands a Rasa user reaches for work on this project.

`rasa run actions` walks the whole `actions` package (the catalogue code is in
`actions/unit_catalogue/`, not `catalogue`, which is also a PyPI package), and
`rasa data validate` is part of `make test` (scripts/test.sh).
"""

from __future__ import annotations

import json
import time
import urllib.request

import pytest
from stack import VENV_BIN, base_env, free_port, post_json, start_process, wait_until

pytestmark = pytest.mark.e2e


def test_rasa_run_actions_serves_the_actions(tmp_path):
    port = free_port()
    env = base_env(VEJVISER_NOW="2026-11-23T09:30", SANIC_HOST="127.0.0.1")
    proc = start_process(f"stock-actions-{port}", [str(VENV_BIN / "rasa"), "run", "actions", "--port", str(port)], env, tmp_path)
    try:

        def healthy() -> bool:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
                    return response.status == 200
            except OSError:
                return False

        wait_until(healthy, "rasa run actions", proc, timeout=120)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/actions", timeout=10) as response:
            names = {a["name"] for a in json.loads(response.read())}
        assert {"action_respond", "action_crisis"} <= names
        tracker = {
            "sender_id": "stock",
            "slots": {},
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
            "latest_message": {"text": "ryger hash og bor i gladsaxe", "entities": [], "intent": {"name": "seek_help", "confidence": 0.9}},
        }
        status, body = post_json(f"http://127.0.0.1:{port}/webhook", {"next_action": "action_respond", "tracker": tracker, "domain": {}})
        assert status == 200, body
        text = "\n".join(r.get("text") or "" for r in body["responses"])
        assert "Gladsaxe Rusmiddelcenter" in text and "39 57 39 00" in text
    finally:
        proc.stop()
        time.sleep(0.2)
