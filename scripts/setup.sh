#!/usr/bin/env bash
# Brings a checkout to a runnable state, doing only what is missing or stale:
#   1. .venv with the exact, hash-pinned dependency set (requirements/lock.txt)
#   2. Rasa telemetry and error reporting switched off in that environment
#   3. the Danish spaCy pipeline (blank "da" + lookup lemmatizer) in var/spacy_da
#   4. the unit catalogue database (var/catalogue.db) from catalogue/*.yml
#   5. a trained model in models/, only when training data, domain or config changed
# Safe to run again at any time; a warm run takes a few seconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$VEJVISER_ROOT"
mkdir -p var models

UV_VERSION=0.13.9
LOCK=requirements/lock.txt

step() { printf '\n\033[1m==> [%s] %s\033[0m\n' "$1" "$2"; }
note() { printf '    %s\n' "$*"; }

pick_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  for candidate in python3.11 python3.10 python3; do
    if command -v "$candidate" >/dev/null 2>&1 \
      && "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] in ((3, 10), (3, 11)) else 1)' 2>/dev/null; then
      echo "$candidate"; return
    fi
  done
  echo "Vejviser needs Python 3.10 or 3.11 (Rasa 3.6). Set PYTHON=/path/to/python3.11." >&2
  exit 1
}

step 1/5 "Python environment (.venv)"
if [ ! -x .venv/bin/python ]; then
  py=$(pick_python)
  note "creating .venv with $($py --version 2>&1)"
  "$py" -m venv .venv
fi
if [ ! -x .venv/.bootstrap/bin/uv ] || [ "$(.venv/.bootstrap/bin/uv --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  note "installing uv $UV_VERSION (the installer Rasa 3.6 needs on Python 3.11)"
  .venv/bin/python -m venv .venv/.bootstrap
  .venv/.bootstrap/bin/pip install --quiet --disable-pip-version-check "uv==$UV_VERSION"
fi
lock_sum=$(sha256sum "$LOCK" | cut -d' ' -f1)
if [ "$(cat .venv/.lock.sha256 2>/dev/null)" != "$lock_sum" ]; then
  note "installing the pinned dependencies (first time: about 200 packages, a few minutes)"
  .venv/.bootstrap/bin/uv pip sync --python .venv/bin/python --require-hashes "$LOCK"
  echo "$lock_sum" > .venv/.lock.sha256
else
  note "dependencies match $LOCK"
fi
# uv installs sources only, and PYTHONDONTWRITEBYTECODE (set on many machines) stops
# Python from caching compiled modules: then every start compiles Rasa and TensorFlow
# again (imports 21 s -> 7 s measured). Compile once per lock file.
if [ "$(cat .venv/.bytecode.sha256 2>/dev/null)" != "$lock_sum" ]; then
  note "compiling the installed packages to bytecode (once; about a minute)"
  if ! .venv/bin/python -m compileall -q -j 0 .venv/lib/python*/site-packages >/dev/null; then
    note "WARNING: some package files did not compile; start-up is slower, nothing else changes"
  fi
  echo "$lock_sum" > .venv/.bytecode.sha256
fi

step 2/5 "Privacy: Rasa telemetry and error reporting off"
.venv/bin/python scripts/privacy_lockdown.py

step 3/5 "Danish language pipeline (var/spacy_da)"
.venv/bin/python scripts/build_spacy_da.py

step 4/5 "Unit catalogue (var/catalogue.db)"
if ! .venv/bin/python -m actions.unit_catalogue build --if-changed; then
  if [ -f "$VEJVISER_DB" ]; then
    note "WARNING: the catalogue files have errors (listed above). The previous database is kept and used."
  else
    exit 1
  fi
fi

step 5/5 "Rasa model (models/)"
.venv/bin/python scripts/train_if_needed.py
