"""Start the real servers for end-to-end tests: action server + Rasa server.

Used by the `stack` fixture (tests/conftest.py), the browser tests, the
scale-out test and the benchmarks. Each server runs as a subprocess with its
own log file; the clock is pinned with VEJVISER_NOW so answers are stable.
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PINNED_NOW = "2026-11-23T09:30"  # a Monday morning: most units open


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def current_model() -> str:
    path = ROOT / "var" / "current_model"
    if not path.exists():
        raise RuntimeError("no trained model: run `make setup` first")
    return path.read_text().strip()


def base_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "3",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
            "PYTHONWARNINGS": "ignore",
            "OPENBLAS_NUM_THREADS": env.get("OPENBLAS_NUM_THREADS", "1"),  # as scripts/env.sh
            "PATH": f"{VENV_BIN}:{env.get('PATH', '')}",
        }
    )
    env.update(extra)
    return env


def post_json(url: str, payload: object, timeout: float = 30.0) -> tuple[int, object]:
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        body = error.read()
        try:
            return error.code, json.loads(body)
        except ValueError:
            return error.code, body.decode(errors="replace")


def _get_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log_path: Path

    def alive(self) -> bool:
        return self.popen.poll() is None

    def stop(self) -> None:
        if self.alive():
            self.popen.send_signal(signal.SIGINT)
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def start_process(name: str, args: list[str], env: dict[str, str], log_dir: Path, cwd: Path = ROOT) -> Process:
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"{name}.log"
    handle = open(log_path, "w")  # noqa: SIM115 - the server writes to it until it stops
    popen = subprocess.Popen(args, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
    return Process(name, popen, log_path)


def wait_until(check, what: str, process: Process, timeout: float = 240.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        if not process.alive():
            raise RuntimeError(f"{what}: {process.name} exited early:\n{process.log()[-4000:]}")
        time.sleep(0.3)
    raise RuntimeError(f"{what} not ready after {timeout:.0f} s:\n{process.log()[-4000:]}")


@dataclass
class ActionServer:
    port: int
    process: Process
    token: str

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhook"

    def wait_ready(self) -> None:
        wait_until(lambda: _get_ok(f"http://127.0.0.1:{self.port}/health"), "action server", self.process)


def start_action_server(log_dir: Path, env: dict[str, str], port: int | None = None, *, wait: bool = True) -> ActionServer:
    port = port or free_port()
    token = env.get("VEJVISER_ACTION_TOKEN") or secrets.token_urlsafe(16)
    env = dict(env, VEJVISER_ACTION_PORT=str(port), VEJVISER_ACTION_TOKEN=token)
    proc = start_process(f"actions-{port}", [str(VENV_BIN / "python"), "-m", "actions.server"], env, log_dir)
    server = ActionServer(port, proc, token)
    if wait:
        server.wait_ready()
    return server


@dataclass
class RasaServer:
    port: int
    process: Process

    @property
    def rest_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/webhooks/rest/webhook"

    def send(self, sender: str, text: str, timeout: float = 60.0) -> list[dict]:
        status, body = post_json(self.rest_url, {"sender": sender, "message": text}, timeout=timeout)
        if status != 200:
            raise AssertionError(f"REST channel answered {status}: {body}")
        return body


def start_rasa(
    log_dir: Path,
    env: dict[str, str],
    action_url: str,
    action_token: str,
    *,
    port: int | None = None,
    endpoints: str = "endpoints.yml",
    cors: tuple[str, ...] = (),
    extra_args: tuple[str, ...] = (),
) -> RasaServer:
    port = port or free_port()
    env = dict(env, VEJVISER_ACTION_URL=action_url, VEJVISER_ACTION_TOKEN=action_token)
    # Started as `make run` starts it: through scripts/rasa_run.py, which installs the speed
    # patches unless VEJVISER_RASA_PATCHES=off (then this is pure Rasa).
    args = [
        str(VENV_BIN / "python"),
        str(ROOT / "scripts" / "rasa_run.py"),
        "run",
        "--model",
        current_model(),
        "--endpoints",
        endpoints,
        "--credentials",
        "credentials.yml",
        "--interface",
        "127.0.0.1",
        "--port",
        str(port),
        *extra_args,
    ]
    if cors:
        args += ["--cors", *cors]
    proc = start_process(f"rasa-{port}", args, env, log_dir)
    wait_until(lambda: _get_ok(f"http://127.0.0.1:{port}/webhooks/rest/"), "Rasa server", proc)
    return RasaServer(port, proc)


@dataclass
class Stack:
    """One action server and one Rasa server, as `make run` starts them."""

    actions: ActionServer
    rasa: RasaServer
    env: dict[str, str]
    log_dir: Path
    extra: list[Process] = field(default_factory=list)

    @property
    def rest_url(self) -> str:
        return self.rasa.rest_url

    def send(self, sender: str, text: str) -> list[dict]:
        return self.rasa.send(sender, text)

    def stop(self) -> None:
        for proc in (self.rasa.process, self.actions.process, *self.extra):
            proc.stop()


def start_stack(log_dir: Path, tmp_dir: Path, *, cors: tuple[str, ...] = (), now: str = PINNED_NOW, **env_extra: str) -> Stack:
    tmp_dir.mkdir(parents=True, exist_ok=True)  # SQLite cannot create the folder; Rasa would silently keep trackers in memory
    env = base_env(VEJVISER_NOW=now, VEJVISER_TRACKER_DB=str(tmp_dir / "tracker.db"), **env_extra)
    # Both start at once, as `make run` starts them.
    actions = start_action_server(log_dir, env, wait=False)
    rasa = None
    try:
        rasa = start_rasa(log_dir, env, actions.url, actions.token, cors=cors)
        actions.wait_ready()
    except Exception:
        for started in (rasa.process if rasa else None, actions.process):
            if started:
                started.stop()
        raise
    return Stack(actions, rasa, env, log_dir)


def texts(replies: list[dict]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def buttons(replies: list[dict]) -> list[str]:
    return [b["title"] for r in replies for b in r.get("buttons", [])]


def load_script(name: str):
    """A fresh copy of scripts/<name>.py as a module (it reads its environment at import)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
