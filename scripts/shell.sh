#!/usr/bin/env bash
# Staff: talk to the assistant in the terminal. Starts the action server in the
# background (log: var/log/actions-shell.log) and opens `rasa shell`.
# Conversations go to var/shell-tracker.db, not the live store.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$VEJVISER_ROOT"
MODEL="$(cat var/current_model)"
mkdir -p "$VEJVISER_VAR/log"
# Its own action-server port, so `make shell` works while `make run` (5055) is running.
export VEJVISER_ACTION_PORT="${VEJVISER_SHELL_ACTION_PORT:-5056}"
use_own_action_server  # token + URL of the action server started below (env.sh)
export VEJVISER_TRACKER_DB="$VEJVISER_VAR/shell-tracker.db"
# The terminal's settings as they are now, put back on the way out whatever happens below.
tty_settings="$(stty -g 2>/dev/null || true)"
python -m actions.server >"$VEJVISER_VAR/log/actions-shell.log" 2>&1 &
actions_pid=$!
# On the way out (/stop, Ctrl-C, an error): stop the action server and wait until it has gone, so
# its port is free when this script returns (SIGKILL if it takes more than 2 s).
finish() {
  kill "$actions_pid" 2>/dev/null || true
  for _ in $(seq 1 20); do running "$actions_pid" 2>/dev/null || break; sleep 0.1; done
  ! running "$actions_pid" 2>/dev/null || kill -9 "$actions_pid" 2>/dev/null || true
  [ -z "$tty_settings" ] || [ "$(stty -g 2>/dev/null)" = "$tty_settings" ] || stty "$tty_settings" 2>/dev/null || true
}
trap finish EXIT
ready=0
for _ in $(seq 1 60); do
  # Ready means: our own process is alive (not exited, not a zombie) and answers - not another
  # server on the same port, which is why the action server refuses a taken port.
  running "$actions_pid" || { cat "$VEJVISER_VAR/log/actions-shell.log" >&2; exit 1; }
  curl -fsS --max-time 2 "http://127.0.0.1:$VEJVISER_ACTION_PORT/health" >/dev/null 2>&1 && { ready=1; break; }
  sleep 1
done
[ "$ready" = 1 ] || { echo "The action server did not start; see $VEJVISER_VAR/log/actions-shell.log" >&2; exit 1; }
echo "Action server ready. Type a message; /restart starts over, /stop or Ctrl-C quits."
# The shell runs its own small Rasa server: loopback only, and off the live port. In a terminal,
# scripts/rasa_run.py runs it behind a guard that makes Ctrl-C leave at once, also from a button
# menu (where Rasa 3.6's own shell crashes and hangs; see guarded_shell there).
python scripts/rasa_run.py shell --model "$MODEL" --endpoints "$VEJVISER_ENDPOINTS" --interface 127.0.0.1 \
  --port "${VEJVISER_SHELL_PORT:-5006}" --quiet "$@"
