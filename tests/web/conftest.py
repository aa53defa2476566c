"""Fixtures for the web chat tests: the page server, a headless Chromium and the chat backend.

Fixture graph (all session-scoped):

    web_origin  - "http://127.0.0.1:<free port>" (tests/conftest.py), allowed by Rasa's --cors
    chat_backend -> REST webhook URL of the real assistant (the `stack` fixture in tests/conftest.py)
    web_server(web_origin, chat_backend) -> base URL of scripts/serve_web.py
    browser     - headless Chromium (/usr/bin/chromium) driven by Playwright

Network failures are simulated with Playwright request routing, so the real
servers stay up while the page sees "unreachable" or HTTP 500.

Without the real servers (no Rasa, no action server, no trained model):

    static_web  - scripts/serve_web.py with the same-origin REST path STATIC_REST_PATH,
                  which nothing answers: the page is real (files, config.js, CSP headers)
    canned_page(static_web, browser) - factory: a page on static_web whose REST calls
                  Playwright answers with canned bot messages (test_widget_static.py)
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "test-output" / "web"
CHROMIUM = os.environ.get("VEJVISER_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--no-proxy-server",
]


def pytest_configure(config):
    # The machine is small and shared: give the browser time (Playwright's default is 5 s).
    try:
        from playwright.sync_api import expect

        expect.set_options(timeout=15_000)
    except ImportError:  # pragma: no cover - playwright is in requirements/base.in
        pass

    config.addinivalue_line("markers", "e2e: end-to-end test in a real browser against running servers")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listening on 127.0.0.1:{port} after {timeout}s")


# ----------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def chat_backend(stack):
    """REST webhook URL of the real assistant (action server + Rasa, see tests/stack.py).

    The stack allows the test page's origin (`web_origin`) through Rasa's --cors.
    """
    return stack.rest_url


def start_web_server(port: int, rest_url: str, extra_env: dict | None = None):
    env = dict(os.environ, VEJVISER_REST_URL=rest_url, PYTHONUNBUFFERED="1")
    env.update(extra_env or {})
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve_web.py"), "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    line = proc.stdout.readline()
    if not line.startswith("Serving http://"):
        proc.kill()
        out, err = proc.communicate(timeout=5)
        raise RuntimeError(f"serve_web.py did not start: {line}{out}{err}")
    return proc, line


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        _, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate(timeout=5)
    return err or ""


@pytest.fixture
def serve_web():
    """Factory: start scripts/serve_web.py (extra CLI args, env) -> (port, process, first stdout line).

    Processes still running at the end of the test are stopped; `stop(proc)` returns its stderr.
    """
    procs = []

    def start(args=(), env=None, port=None):
        port = free_port() if port is None else port
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve_web.py"), "--host", "127.0.0.1", "--port", str(port), *args],
            cwd=ROOT,
            env=env if env is not None else dict(os.environ),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        procs.append(proc)
        line = proc.stdout.readline()
        if line.startswith("Serving http://"):
            wait_for_port(port)
        return port, proc, line

    start.stop = stop
    yield start
    for proc in procs:
        if proc.poll() is None:
            stop(proc)


@pytest.fixture(scope="session")
def web_server(web_origin, chat_backend):
    port = int(web_origin.rsplit(":", 1)[1])
    proc, _ = start_web_server(port, chat_backend)
    wait_for_port(port)
    try:
        yield web_origin
    finally:
        stop(proc)


STATIC_REST_PATH = "/webhooks/rest/webhook"


@pytest.fixture(scope="session")
def static_web():
    """The demo page served by scripts/serve_web.py, talking to a same-origin REST path no server answers."""
    port = free_port()
    proc, _ = start_web_server(port, STATIC_REST_PATH)
    wait_for_port(port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


@pytest.fixture
def canned_page(browser, static_web):
    """Factory: canned_page(replies, goto=True, **context_options) -> (page, sent).

    `replies` is a list of Rasa REST messages ({"text": ..., "buttons": [...]}) returned for
    every request, or a callable message -> list. `sent` collects the JSON bodies the page POSTs.
    Each page has its own browser context (own sessionStorage), closed after the test.
    """
    contexts = []

    def factory(replies, goto=True, **context_options):
        options = {"viewport": {"width": 1280, "height": 860}, "locale": "da-DK"}
        options.update(context_options)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        sent: list[dict] = []

        def answer(route):
            body = json.loads(route.request.post_data or "{}")
            sent.append(body)
            messages = replies(body.get("message", "")) if callable(replies) else replies
            route.fulfill(
                status=200,
                content_type="application/json",
                body=json.dumps([{"recipient_id": body.get("sender", ""), **m} for m in messages]),
            )

        page.route(static_web + STATIC_REST_PATH, answer)
        if goto:
            page.goto(static_web + "/")
            page.wait_for_function("() => !!window.Vejviser")
        return page, sent

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} missing: run scripts/install_system_deps.sh (make system-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        # launch() gives Chromium a fresh temporary profile (user-data-dir), removed on close.
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def output_dir() -> Path:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    return OUTPUT


@pytest.fixture
def new_page(browser, web_server):
    """Factory for a page in a fresh browser context (own sessionStorage), closed after the test."""
    contexts = []

    def factory(**context_options):
        options = {"viewport": {"width": 1280, "height": 860}, "locale": "da-DK"}
        options.update(context_options)
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()
