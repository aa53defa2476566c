#!/usr/bin/env bash
# Staff: talk to the assistant in the terminal. Starts the action server in the
# background (log: var/log/actions-shell.log) and opens `rasa shell`.
# Conversations go to var/shell-tracker.db, not the live store.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$VEJVISER_ROOT"
MODEL="$(cat var/current_model)"
mkdir -p "$VEJVISER_VAR/log"
export VEJVISER_ACTION_TOKEN="${VEJVISER_ACTION_TOKEN:-$(python -c 'import secrets; print(secrets.token_urlsafe(24))')}"
# Rasa calls the action server this script starts itself, whatever an outer
# environment exported earlier (env.sh's default follows the port at source time).
action_host="${VEJVISER_ACTION_HOST:-127.0.0.1}"
[ "$action_host" = "0.0.0.0" ] && action_host=127.0.0.1
export VEJVISER_ACTION_URL="http://$action_host:$VEJVISER_ACTION_PORT/webhook"
export VEJVISER_TRACKER_DB="$VEJVISER_VAR/shell-tracker.db"
python -m actions.server >"$VEJVISER_VAR/log/actions-shell.log" 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do
  curl -fsS "http://127.0.0.1:$VEJVISER_ACTION_PORT/health" >/dev/null 2>&1 && break
  kill -0 $actions_pid 2>/dev/null || { cat "$VEJVISER_VAR/log/actions-shell.log"; exit 1; }
  sleep 1
done
echo "Action server ready. Type a message; /restart starts over, /stop or Ctrl-C quits."
# The shell runs its own small Rasa server: loopback only, and off the live port.
python scripts/rasa_quiet.py shell --model "$MODEL" --endpoints "$VEJVISER_ENDPOINTS" --interface 127.0.0.1 \
  --port "${VEJVISER_SHELL_PORT:-5006}" --quiet "$@"
