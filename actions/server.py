"""Start the action server: `python -m actions.server`.

Differences from `rasa run actions`, all deliberate:
- listens on 127.0.0.1 unless VEJVISER_ACTION_HOST says otherwise (the stock
  server binds 0.0.0.0 and has no authentication);
- when VEJVISER_ACTION_TOKEN is set, rejects calls that do not carry it (Rasa
  sends it as ?token=..., see endpoints.yml);
- refuses to start, with a clear message, if the catalogue database is missing
  or damaged, or VEJVISER_NOW is malformed - no crash loop, nothing half-working;
- logs no message text at the default level.
"""

from __future__ import annotations

import hmac
import logging
import os
import sys

from . import base, clock
from .unit_catalogue.query import CatalogueUnavailable, database_path, shared

log = logging.getLogger("vejviser.actions")


def check_ready() -> None:
    """Fail fast on configuration problems. Raises SystemExit with a message."""
    try:
        pinned = clock.now()
    except clock.BadPinnedClock as error:
        raise SystemExit(f"Vejviser action server: {error}") from None
    try:
        db = shared()
    except CatalogueUnavailable as error:
        raise SystemExit(f"Vejviser action server cannot start: {error}") from None
    from .replies import emergency_footer, main_contacts_text

    base.LAST_KNOWN_CONTACTS = f"{main_contacts_text(db)}\n{emergency_footer(db)}"
    if os.environ.get(clock.ENV):
        log.warning("clock pinned by %s: %s", clock.ENV, pinned.isoformat())
    log.info("catalogue: %s (%d units)", database_path(), len(db.all_units()))


def create_app():
    from rasa_sdk.endpoint import create_app as create_sdk_app
    from sanic import response

    app = create_sdk_app("actions.registry", cors_origins=None)
    token = os.environ.get("VEJVISER_ACTION_TOKEN", "")
    if token:

        @app.middleware("request")
        async def require_token(request):  # noqa: ANN001 - Sanic signature
            if request.path == "/health":
                return None
            given = request.args.get("token", "")
            if not hmac.compare_digest(given, token):
                return response.json({"error": "missing or wrong token"}, status=401)
            return None

    return app


def port_free(host: str, port: int) -> bool:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # As Sanic binds: a port left in TIME_WAIT by a server that just stopped is free,
        # one that another process listens on is not.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def main() -> int:
    logging.basicConfig(level=os.environ.get("VEJVISER_LOG_LEVEL", "INFO"), format="%(asctime)s %(levelname)-7s %(name)s - %(message)s")
    for noisy in ("rasa_sdk.executor", "sanic.access"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    check_ready()
    host = os.environ.get("VEJVISER_ACTION_HOST", "127.0.0.1")
    port = int(os.environ.get("VEJVISER_ACTION_PORT", "5055"))
    if not port_free(host, port):
        # Another server (often `make run` while starting `make shell`) has the port: say so and stop,
        # rather than let the caller's health check reach the other server and report ready.
        log.error("port %s:%d is in use by another process; set VEJVISER_ACTION_PORT to a free port", host, port)
        return 1
    app = create_app()
    log.info(
        "action server listening on http://%s:%d (token %s)",
        host,
        port,
        "required" if os.environ.get("VEJVISER_ACTION_TOKEN") else "not set",
    )
    app.run(host=host, port=port, workers=1, access_log=False, motd=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
