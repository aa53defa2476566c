#!/usr/bin/env bash
# Staff: talk to the assistant in the terminal. Starts the action server in the
# background (log: var/log/actions-shell.log) and opens `rasa shell`.
# Conversations go to var/shell-tracker.db, not the live store.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$VEJVISER_ROOT"
MODEL="$(cat var/current_model)"
mkdir -p "$VEJVISER_VAR/log"
use_own_action_server  # token + URL of the action server started below (env.sh)
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
python scripts/rasa_run.py shell --model "$MODEL" --endpoints "$VEJVISER_ENDPOINTS" --interface 127.0.0.1 \
  --port "${VEJVISER_SHELL_PORT:-5006}" --quiet "$@"
