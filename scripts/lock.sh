#!/usr/bin/env bash
# Re-resolve requirements/base.in into requirements/lock.txt: every package
# pinned with hashes, for Python 3.10 and 3.11 (a "universal" lock), using the
# overrides Rasa 3.6 needs on Python 3.11 (requirements/overrides.txt).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ -x .venv/.bootstrap/bin/uv ] || { echo "run make setup first"; exit 1; }
.venv/.bootstrap/bin/uv pip compile requirements/base.in \
  --override requirements/overrides.txt --universal --python-version 3.10 \
  --generate-hashes --no-header --output-file requirements/lock.txt
echo "requirements/lock.txt updated; the next make setup installs it"
