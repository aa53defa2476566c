#!/usr/bin/env bash
# Start Vejviser: the action server (127.0.0.1:5055), the Rasa server (REST and
# socket.io on 127.0.0.1:5005) and the demo web page (http://localhost:8080).
# Ctrl-C stops all three. Called by `make run` after scripts/setup.sh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$VEJVISER_ROOT"

RASA_HOST="${VEJVISER_RASA_HOST:-127.0.0.1}"
RASA_PORT="${VEJVISER_RASA_PORT:-5005}"
WEB_PORT="${VEJVISER_WEB_PORT:-8080}"
ORIGINS="${VEJVISER_WEB_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}"
MODEL="$(cat var/current_model 2>/dev/null || true)"
[ -f "$MODEL" ] || { echo "No trained model; run make setup" >&2; exit 1; }
mkdir -p "$VEJVISER_VAR/log"

use_own_action_server  # token + URL of the action server started below (env.sh)
export VEJVISER_REST_URL="${VEJVISER_REST_URL:-http://localhost:$RASA_PORT/webhooks/rest/webhook}"

api_args=()
if [ "${VEJVISER_ENABLE_API:-0}" = "1" ]; then
  if [ -n "${VEJVISER_JWT_SECRET:-}" ]; then
    api_args=(--enable-api --jwt-secret "$VEJVISER_JWT_SECRET" --jwt-method HS256)
  elif [ -n "${VEJVISER_API_TOKEN:-}" ]; then
    api_args=(--enable-api --auth-token "$VEJVISER_API_TOKEN")
  else
    echo "VEJVISER_ENABLE_API=1 needs VEJVISER_API_TOKEN or VEJVISER_JWT_SECRET: the HTTP API is never open without one." >&2
    exit 1
  fi
fi

pids=()
stop() {
  trap - INT TERM EXIT
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

python -m actions.server & pids+=($!)
python scripts/rasa_run.py run --model "$MODEL" --endpoints "$VEJVISER_ENDPOINTS" --credentials credentials.yml \
  --interface "$RASA_HOST" --port "$RASA_PORT" --cors $ORIGINS "${api_args[@]}" & pids+=($!)
python scripts/serve_web.py --port "$WEB_PORT" & pids+=($!)

printf 'Starting Vejviser (the Rasa server needs about half a minute)'
for _ in $(seq 1 180); do
  if curl -fsS --max-time 2 "http://$RASA_HOST:$RASA_PORT/" >/dev/null 2>&1 \
     && curl -fsS --max-time 2 "http://127.0.0.1:$VEJVISER_ACTION_PORT/health" >/dev/null 2>&1; then
    cat <<MSG

Vejviser is running.
  Chat on the demo page:   http://localhost:$WEB_PORT
  REST channel:            curl -s -X POST $VEJVISER_REST_URL \\
                             -H 'Content-Type: application/json' -d '{"sender": "test", "message": "hej"}'
  Stop:                    Ctrl-C
MSG
    wait -n "${pids[@]}"
    echo "A Vejviser process stopped; stopping the others." >&2
    exit 1
  fi
  for pid in "${pids[@]}"; do running "$pid" || { echo; echo "A process failed to start (see above)." >&2; exit 1; }; done
  printf '.'; sleep 1
done
echo; echo "Vejviser did not become ready within 3 minutes." >&2
exit 1
