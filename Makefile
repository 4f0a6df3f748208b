# One task runner for people and CI. `make run` and `make test` install into .venv when needed.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
CLI    := $(VENV)/bin/lifecycle-kg
STAMP  := $(VENV)/.installed-stamp
NPM_STAMP := $(VENV)/npm/.installed-stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: install npm debian screenshot run test lint typecheck fmt fmt-check validate stats export schema docs bench fuzz load clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# graphql-http's spec audit, graphology's GraphML reader and playwright-core (drives Chromium);
# without npm the tests that need them say why they skip
$(NPM_STAMP): $(STAMP) Makefile
	-command -v npm >/dev/null && mkdir -p $(VENV)/npm && \
		npm install --silent --no-audit --no-fund --prefix $(VENV)/npm graphql-http@1.23.1 graphql@16 \
			graphology@0.25.4 graphology-graphml@0.5.2 playwright-core@1.65.1 && \
		touch $(NPM_STAMP)

npm: $(NPM_STAMP)

# Debian packages the suite drives for real: Chromium (browser tests), Virtuoso (remote-store
# tests), wrk (HTTP benchmarks). Needs root or passwordless sudo; else those tests skip, saying why.
DEBIAN_PACKAGES := chromium:chromium virtuoso-opensource:virtuoso-t wrk:wrk
debian:
	-@missing=""; for pc in $(DEBIAN_PACKAGES); do command -v $${pc#*:} >/dev/null || \
		missing="$$missing $${pc%%:*}"; done; \
	if [ -n "$$missing" ]; then SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo -n ); \
		echo "installing Debian packages:$$missing"; \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1 || \
		{ $$SUDO apt-get update -q >/dev/null 2>&1 && \
		  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1; } || \
		echo "could not install$$missing: the tests that need them will skip"; fi

run: $(STAMP)  ## serve the GraphQL API on the curated data
	$(CLI) serve --host $(HOST) --port $(PORT)

test: $(STAMP) $(NPM_STAMP) debian  ## the whole test suite
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check kg api tests bench
	$(VENV)/bin/mypy

fmt: $(STAMP)  ## rewrite data files in canonical form
	$(CLI) fmt

fmt-check: $(STAMP)
	$(CLI) fmt --check

validate: $(STAMP)
	$(CLI) validate

stats: $(STAMP)
	$(CLI) stats

schema: $(STAMP)  ## regenerate the committed schema.graphql
	$(PY) -m api.export_schema

docs: $(STAMP)  ## regenerate the ontology's HTML documentation (pyLODE) served at /ontology
	$(PY) -m kg.ontology_docs

screenshot: $(STAMP) $(NPM_STAMP) debian  ## the explorer screenshot in docs/ (README)
	$(PY) -m tests.api.screenshot docs/explorer.png

bench: $(STAMP) debian  ## BENCH=full for 1M triples; BENCH=huge adds growth to 10M
	$(PY) bench/run.py
	$(PY) bench/stall.py
	$(PY) bench/http_wrk.py
	if [ "$(BENCH)" = huge ]; then $(PY) bench/growth.py; fi

fuzz: $(STAMP)  ## thousands of generated GraphQL queries, then schemathesis against a live server
	FUZZ_EXAMPLES=3000 $(PY) -m pytest tests/api/test_fuzz.py
	$(PY) bench/fuzz_live.py

load: $(STAMP)  ## bounded load test against `lifecycle-kg serve` on loopback
	$(PY) bench/load.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
