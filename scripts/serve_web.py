#!/usr/bin/env python3
"""Serve Vejviser's demo web page (web/) with the chat widget.

Standard library only. Serves the files in web/ (no directory listings, no
dot-files, nothing outside web/) plus a generated /config.js that tells the
widget where Rasa's REST channel is:

    window.VEJVISER_CONFIG = {"restUrl": "...", "retentionDays": 30};

Environment:
    VEJVISER_REST_URL        REST webhook (default http://localhost:5005/webhooks/rest/webhook)
    VEJVISER_RETENTION_DAYS  days before stored conversations are deleted, shown in
                             the privacy notice (default 30)

Usage:
    python scripts/serve_web.py [--host 127.0.0.1] [--port 8080] [--root web]

--port 0 picks a free port; the first line on stdout is always
"Serving http://HOST:PORT/". Logs name the method, path (never the query
string) and status only.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import socket
import sys
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_REST_URL = "http://localhost:5005/webhooks/rest/webhook"
DEFAULT_ROOT = Path(__file__).resolve().parent.parent / "web"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}


def rest_origin(rest_url: str) -> str | None:
    """The origin the page may connect to, or None when the URL is relative (same origin)."""
    parts = urlsplit(rest_url)
    if not parts.scheme and not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def check_rest_url(rest_url: str) -> str:
    parts = urlsplit(rest_url)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"VEJVISER_REST_URL must be an http(s) URL or a path, got {rest_url!r}")
    elif not rest_url.startswith("/"):
        raise ValueError(f"VEJVISER_REST_URL must be an http(s) URL or start with '/', got {rest_url!r}")
    if any(c in rest_url for c in " \"'<>\\;\n\r\t"):
        raise ValueError(f"VEJVISER_REST_URL contains characters that are not allowed: {rest_url!r}")
    return rest_url


def security_headers(rest_url: str) -> dict[str, str]:
    connect = "'self'"
    origin = rest_origin(rest_url)
    if origin:
        connect += " " + origin
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            f"connect-src {connect}",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )
    return {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    }


def config_js(rest_url: str, retention_days: int) -> bytes:
    config = {"restUrl": rest_url, "retentionDays": retention_days}
    # json.dumps is a valid JS literal; escape '<' so the text is inert even if inlined somewhere.
    literal = json.dumps(config, ensure_ascii=True).replace("<", "\\u003c")
    return f"window.VEJVISER_CONFIG = {literal};\n".encode("ascii")


def make_handler(root: Path, rest_url: str, retention_days: int, quiet: bool = False):
    root = root.resolve()
    headers = security_headers(rest_url)
    config_body = config_js(rest_url, retention_days)

    class Handler(BaseHTTPRequestHandler):
        server_version = "Vejviser"
        sys_version = ""
        protocol_version = "HTTP/1.1"

        def version_string(self) -> str:  # no Python version in the Server header
            return "Vejviser"

        # -- logging: method, path without query string, status -----------------
        def log_request(self, code="-", size="-"):
            if quiet:
                return
            if isinstance(code, HTTPStatus):
                code = code.value
            method = (self.command or "-")[:10]
            path = urlsplit(self.path or "-").path[:200] if self.command else "-"
            sys.stderr.write(f"web {method} {path} {code}\n")

        def log_error(self, format, *args):  # noqa: A002 - signature from the base class
            return  # errors are reported through log_request's status code

        def log_message(self, format, *args):  # noqa: A002
            return

        # -- helpers -------------------------------------------------------------
        def _send(self, status: int, body: bytes, content_type: str, head_only: bool = False, extra: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-cache")
            for name, value in (extra or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if not head_only:
                self.wfile.write(body)

        def _not_found(self, head_only: bool = False) -> None:
            self._send(404, b"Siden findes ikke.\n", "text/plain; charset=utf-8", head_only)

        def _resolve(self, raw_path: str) -> Path | None:
            """Map a URL path to a file inside root, or None."""
            path = unquote(urlsplit(raw_path).path, errors="strict")
            if "\x00" in path or "\\" in path or not path.startswith("/"):
                return None
            if path == "/":
                path = "/index.html"
            parts = [p for p in path.split("/") if p]
            if any(p in (".", "..") or p.startswith(".") for p in parts):
                return None
            normal = posixpath.normpath("/" + "/".join(parts))
            candidate = (root / normal.lstrip("/")).resolve()
            try:
                candidate.relative_to(root)
            except ValueError:
                return None
            if not candidate.is_file() or candidate.suffix.lower() not in CONTENT_TYPES:
                return None
            return candidate

        def _get(self, head_only: bool) -> None:
            try:
                path = urlsplit(self.path).path
                if path == "/config.js":
                    self._send(200, config_body, CONTENT_TYPES[".js"], head_only)
                    return
                target = self._resolve(self.path)
            except (UnicodeDecodeError, ValueError):
                target = None
            if target is None:
                self._not_found(head_only)
                return
            body = target.read_bytes()
            self._send(200, body, CONTENT_TYPES[target.suffix.lower()], head_only)

        # -- methods -------------------------------------------------------------
        def do_GET(self):  # noqa: N802
            self._get(head_only=False)

        def do_HEAD(self):  # noqa: N802
            self._get(head_only=True)

        def _not_allowed(self):
            self._send(405, b"Metoden er ikke tilladt.\n", "text/plain; charset=utf-8", extra={"Allow": "GET, HEAD"})

        do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = _not_allowed

    return Handler


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve Vejviser's demo page (web/) with /config.js.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 picks a free port)")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="folder to serve (default web/)")
    parser.add_argument("--quiet", action="store_true", help="no request log")
    args = parser.parse_args(argv)

    try:
        rest_url = check_rest_url(os.environ.get("VEJVISER_REST_URL", DEFAULT_REST_URL).strip())
        retention_raw = os.environ.get("VEJVISER_RETENTION_DAYS", "30").strip() or "30"
        retention_days = int(retention_raw)
        if retention_days < 1:
            raise ValueError("VEJVISER_RETENTION_DAYS must be a positive whole number")
    except ValueError as exc:
        print(f"serve_web.py: {exc}", file=sys.stderr)
        return 2
    if not (args.root / "index.html").is_file():
        print(f"serve_web.py: {args.root} has no index.html", file=sys.stderr)
        return 2

    Server.address_family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    handler = make_handler(args.root, rest_url, retention_days, quiet=args.quiet)
    try:
        httpd = Server((args.host, args.port), handler)
    except OSError as exc:
        print(f"serve_web.py: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    host, port = httpd.server_address[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"Serving http://{shown}:{port}/ (web/ with REST URL {rest_url})", flush=True)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
