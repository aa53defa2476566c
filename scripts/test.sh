#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run calls `make test`):
#   set-up -> ruff (lint + format check) -> system packages for browser/scale-out tests -> rasa data validate
#   -> pytest (catalogue, hours, actions, NLU, end-to-end, acceptance suite, browser, scale-out)
#   -> the end-to-end tests and every third acceptance conversation again on pure Rasa (VEJVISER_RASA_PATCHES=off)
#   -> rasa test core --e2e on the test stories (tests/stories).
# Every stage runs; the exit status is non-zero if any failed.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$VEJVISER_ROOT"
started=$SECONDS
failed=()
stage() { printf '\n\033[1m==> %s\033[0m\n' "$1"; }

stage "set-up"
scripts/setup.sh || { echo "set-up failed" >&2; exit 1; }
stage "ruff: lint and format check (pyproject.toml)"
# One style: `ruff check --fix . && ruff format .` fixes most of what this reports.
{ ruff check . && ruff format --check .; } || failed+=("ruff")

stage "system packages (chromium, postgresql, redis)"
scripts/install_system_deps.sh || failed+=("system packages")

stage "rasa data validate"
rasa data validate --quiet || failed+=("rasa data validate")

stage "pytest"
mkdir -p test-output
python -m pytest -q --junitxml=test-output/pytest.xml "$@" || failed+=("pytest")

stage "pure Rasa: end-to-end tests and every third acceptance conversation with VEJVISER_RASA_PATCHES=off"
# The same servers started the same way, without the speed patches of Rasa's internals
# (rasa_patches/): whatever differs between the two modes is a patch's fault. The whole
# acceptance suite ran with the patches above; a third of it here keeps CI under 20 minutes.
VEJVISER_RASA_PATCHES=off VEJVISER_ACCEPTANCE_EVERY=3 python -m pytest -q -m e2e --junitxml=test-output/pytest-pure.xml \
  tests/e2e/test_conversations.py tests/e2e/test_robustness.py tests/acceptance/test_acceptance.py \
  || failed+=("pytest (pure Rasa)")

stage "rasa test (test stories, end to end: NLU + dialogue)"
# `rasa test core --e2e` scores every story; it exits 0 even when stories fail,
# so scripts/check_story_results.py reads the report and fails on any miss.
rm -rf test-output/rasa-test
if rasa test core --e2e --model "$(cat var/current_model)" --stories tests/stories \
     --out test-output/rasa-test --quiet; then
  python scripts/check_story_results.py test-output/rasa-test || failed+=("rasa test stories")
else
  failed+=("rasa test stories")
fi

echo
echo "Test suite finished in $((SECONDS - started)) s."
if [ ${#failed[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failed[@]}"
  exit 1
fi
echo "All stages passed."
