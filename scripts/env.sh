# Shared environment for every Vejviser command. Sourced, never executed.
# Privacy first: this assistant hears about people's drug use, so Rasa's
# telemetry is off in every process we start (see README, "Drift og sikkerhed").
export RASA_TELEMETRY_ENABLED=false
# Quieter TensorFlow and SQLAlchemy so the staff shell stays readable.
export TF_CPP_MIN_LOG_LEVEL=3
export SQLALCHEMY_SILENCE_UBER_WARNING=1
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore}"
export PYTHONDONTWRITEBYTECODE=1
# numpy's OpenBLAS starts a worker thread per core that spins (sched_yield) after every
# matrix product, however small: in the Rasa server under load it burned ~24 ms of the
# other core per message, mostly in the kernel (docs/benchmarks.md). Our products are
# tiny; one thread does them as fast. An explicit outer value is kept.
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# The action server and Rasa listen on loopback unless configured otherwise.
export SANIC_HOST="${VEJVISER_ACTION_HOST:-127.0.0.1}"
export VEJVISER_ROOT="${VEJVISER_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
export VEJVISER_VAR="${VEJVISER_VAR:-$VEJVISER_ROOT/var}"
export VEJVISER_DB="${VEJVISER_DB:-$VEJVISER_VAR/catalogue.db}"
export PATH="$VEJVISER_ROOT/.venv/bin:$PATH"
# Rasa <-> action server wiring (endpoints.yml reads these).
export VEJVISER_ACTION_PORT="${VEJVISER_ACTION_PORT:-5055}"
export VEJVISER_ACTION_URL="${VEJVISER_ACTION_URL:-http://127.0.0.1:$VEJVISER_ACTION_PORT/webhook}"
export VEJVISER_ACTION_TOKEN="${VEJVISER_ACTION_TOKEN:-}"
export VEJVISER_TRACKER_DB="${VEJVISER_TRACKER_DB:-$VEJVISER_VAR/tracker.db}"
export VEJVISER_ENDPOINTS="${VEJVISER_ENDPOINTS:-endpoints.yml}"

# For the scripts that start their own action server (run.sh, shell.sh): a
# fresh shared secret for every start (unless one is given), and Rasa pointed
# at that server, whatever an outer environment exported earlier.
use_own_action_server() {
  export VEJVISER_ACTION_TOKEN="${VEJVISER_ACTION_TOKEN:-$(python -c 'import secrets; print(secrets.token_urlsafe(24))')}"
  local host="${VEJVISER_ACTION_HOST:-127.0.0.1}"
  [ "$host" = "0.0.0.0" ] && host=127.0.0.1
  export VEJVISER_ACTION_URL="http://$host:$VEJVISER_ACTION_PORT/webhook"
}

# Whether a background process we started is still running (an exited child stays a zombie
# until waited for, and `kill -0` still succeeds on it).
running() {
  [ -r "/proc/$1/stat" ] && ! awk '{ exit ($3 == "Z") ? 0 : 1 }' "/proc/$1/stat"
}
