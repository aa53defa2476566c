# Vejviser - every command a newcomer or staff member needs. `make help` lists them.
# All targets set themselves up first (scripts/setup.sh does only what is missing).
SHELL := /bin/bash
.DEFAULT_GOAL := help
ENV := source scripts/env.sh &&

.PHONY: help setup run shell test test-fast validate catalogue validate-catalogue units unit-week units-doc \
        bench bench-nlu bench-nlu-ceiling bench-load bench-dialogue bench-language purge lock system-deps format

help: ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-20s %s\n", $$1, $$2}'

setup: ## create .venv, install pinned deps, build the catalogue, train if data changed
	@scripts/setup.sh

run: setup ## start the assistant: action server, Rasa (REST + socket.io) and the demo web page
	@scripts/run.sh

shell: setup ## talk to the assistant in the terminal (rasa shell) for staff testing
	@scripts/shell.sh

test: ## set up, then run the whole test suite (what CI runs)
	@scripts/test.sh

test-fast: setup ## only the quick tests (no servers, no browser)
	@$(ENV) python -m pytest -m "not e2e and not slow" -q

format: setup ## fix lint findings ruff can fix and format the code (make test checks both)
	@$(ENV) ruff check --fix . && ruff format .

validate: setup ## rasa data validate (domain, stories, rules, NLU)
	@$(ENV) rasa data validate

catalogue: ## validate catalogue/*.yml and rebuild var/catalogue.db (old one kept on error)
	@$(ENV) python -m actions.unit_catalogue build

validate-catalogue: ## check catalogue/*.yml without building
	@$(ENV) python -m actions.unit_catalogue validate

units: ## list every unit with phone and whether it is open now
	@$(ENV) python -m actions.unit_catalogue units

unit-week: ## show one unit's week: make unit-week UNIT=Nyropsgade
	@$(ENV) python -m actions.unit_catalogue week "$(UNIT)"

units-doc: ## regenerate docs/units.md for proofreading against the sources
	@$(ENV) python -m actions.unit_catalogue overview

bench: setup ## patched and pure Rasa side by side: latency, throughput, start-up, memory; training, lookups -> docs/benchmarks.md
	@$(ENV) python bench/run_all.py

bench-nlu: setup ## training time, Danish and English held-out tests, per-message cost, 5-fold CV -> docs/nlu-benchmark.md
	@$(ENV) python bench/nlu.py

bench-nlu-ceiling: setup ## what linear bag-of-words classifiers reach on data/nlu (CV reference) -> docs/nlu-ceiling.md
	@$(ENV) python bench/nlu_ceiling.py

bench-dialogue: setup ## conversation acceptance suite through the real servers -> docs/dialogue-benchmark.md
	@$(ENV) python bench/dialogue.py

bench-language: setup ## Danish/English identification on the held-out sets and the conversations -> docs/language-benchmark.md
	@$(ENV) python bench/language.py

bench-load: setup ## bounded load test (50 conversations x 10 turns) -> docs/load-test.md
	@$(ENV) python bench/load.py

purge: ## delete stored conversations older than VEJVISER_RETENTION_DAYS (default 30)
	@$(ENV) python scripts/purge_conversations.py

lock: ## re-resolve requirements/base.in into the hash-pinned requirements/lock.txt
	@scripts/lock.sh

system-deps: ## install Debian packages the browser and scale-out tests need
	@scripts/install_system_deps.sh
