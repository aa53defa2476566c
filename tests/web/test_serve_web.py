"""scripts/serve_web.py: config.js, security headers, no traversal, no listings, quiet logs.

No browser needed: plain HTTP over loopback with http.client (which, unlike
urllib, never goes through a proxy). Servers come from the `serve_web` fixture
in conftest.py.
"""

from __future__ import annotations

import http.client
import json
import os
import re

import pytest

pytestmark = pytest.mark.timeout(60)

REST_URL = "http://127.0.0.1:5999/webhooks/rest/webhook"


def env(**extra) -> dict:
    base = {k: v for k, v in os.environ.items() if not k.startswith("VEJVISER_")}
    base.update(extra)
    return base


@pytest.fixture
def server(serve_web):
    port, proc, line = serve_web(env=env(VEJVISER_REST_URL=REST_URL))
    assert line.startswith("Serving http://"), line
    return {"port": port, "proc": proc, "line": line, "stop": serve_web.stop}


def request(port: int, path: str, method: str = "GET", body: bytes | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        # putrequest sends the path exactly as written ("/../x", "%2e%2e").
        conn.putrequest(method, path, skip_accept_encoding=True)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


def test_prints_its_address(server):
    assert server["line"].startswith(f"Serving http://127.0.0.1:{server['port']}/")


def test_config_js(server):
    status, headers, body = request(server["port"], "/config.js")
    assert status == 200
    assert headers["content-type"].startswith("text/javascript")
    text = body.decode()
    m = re.fullmatch(r"window\.VEJVISER_CONFIG = (\{.*\});\n", text)
    assert m, text
    assert json.loads(m.group(1)) == {"restUrl": REST_URL, "retentionDays": 30}


def test_config_defaults_and_retention(serve_web):
    port, _, _ = serve_web(env=env(VEJVISER_RETENTION_DAYS="14"))
    body = request(port, "/config.js")[2].decode()
    assert '"restUrl": "http://localhost:5005/webhooks/rest/webhook"' in body
    assert '"retentionDays": 14' in body


def test_security_headers(server):
    status, headers, body = request(server["port"], "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    assert "Rusmiddelbehandling – få hjælp".encode() in body
    policy = headers["content-security-policy"]
    csp = {d.split(" ", 1)[0]: d.split()[1:] for d in (p.strip() for p in policy.split(";"))}
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'", "http://127.0.0.1:5999"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    assert "python" not in headers.get("server", "").lower()


@pytest.mark.parametrize("path", ["/index.html", "/widget.js", "/widget.css", "/page.css"])
def test_serves_the_page_files(server, path):
    status, headers, body = request(server["port"], path)
    assert status == 200 and body
    assert headers["x-content-type-options"] == "nosniff"
    assert "content-security-policy" in headers
    status, headers, body = request(server["port"], path, method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


@pytest.mark.parametrize(
    "path",
    [
        "/../scripts/serve_web.py",
        "/../../../../etc/passwd",
        "/%2e%2e/scripts/serve_web.py",
        "/%2E%2E%2Fscripts%2Fserve_web.py",
        "/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/....//scripts/serve_web.py",
        "/%5c..%5cscripts%5cserve_web.py",
        "/./../scripts/env.sh",
        "//etc/passwd",
        "/index.html%00.js",
        "/.git/config",
        "/%2egit/config",
        "/%ff",
        "/nothing-here.html",
        "etc/passwd",
    ],
)
def test_no_path_traversal(server, path):
    status, _, body = request(server["port"], path)
    assert status == 404, path
    assert b"root:" not in body and b"import" not in body


def test_no_directory_listing_and_no_symlinks_out(serve_web, tmp_path):
    root = tmp_path / "site"
    (root / "sub").mkdir(parents=True)
    (root / "index.html").write_text("<!doctype html><title>t</title>")
    (root / "sub" / "a.txt").write_text("inside")
    (tmp_path / "outside.txt").write_text("outside")
    (root / "link.txt").symlink_to(tmp_path / "outside.txt")
    port, _, line = serve_web(args=["--root", str(root), "--quiet"], env=env())
    assert line.startswith("Serving")
    assert request(port, "/sub/")[0] == 404
    assert request(port, "/sub")[0] == 404
    assert request(port, "/sub/a.txt")[0] == 200
    assert request(port, "/../outside.txt")[0] == 404
    assert request(port, "/link.txt")[0] == 404, "symlinks out of the root are not followed"


def test_only_get_and_head(server):
    status, headers, _ = request(server["port"], "/", method="POST", body=b"x=1")
    assert status == 405
    assert headers["allow"] == "GET, HEAD"
    assert request(server["port"], "/", method="DELETE")[0] == 405


def test_logs_have_no_query_strings(server):
    request(server["port"], "/index.html?cpr=0101901234&q=hemmelig")
    request(server["port"], "/nope?q=hemmelig")
    stderr = server["stop"](server["proc"])
    assert "GET /index.html 200" in stderr
    assert "GET /nope 404" in stderr
    assert "hemmelig" not in stderr and "0101901234" not in stderr and "?" not in stderr


@pytest.mark.parametrize("bad", ["javascript:alert(1)", "ftp://x/y", 'http://x/";alert(1)//', "webhook"])
def test_rejects_a_bad_rest_url(serve_web, bad):
    _, proc, line = serve_web(env=env(VEJVISER_REST_URL=bad))
    assert proc.wait(timeout=20) == 2, line
    assert "VEJVISER_REST_URL" in proc.stderr.read()


def test_relative_rest_url_is_same_origin(serve_web):
    port, _, line = serve_web(args=["--quiet"], env=env(VEJVISER_REST_URL="/webhooks/rest/webhook"))
    assert line.startswith("Serving")
    _, headers, body = request(port, "/config.js")
    assert '"restUrl": "/webhooks/rest/webhook"' in body.decode()
    assert "connect-src 'self';" in headers["content-security-policy"]
