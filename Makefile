# The two commands a newcomer runs: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The graphql-http audit suite (tests/api/test_http_contract.py), pinned by its committed lock file.
CONTRACT := tests/http_contract
NPM_STAMP := $(CONTRACT)/node_modules/.installed

# The web front end (web/): installed with `npm ci` from its committed lock file, built into web/dist
# when missing or older than any of its sources or the schema it is typed from.
WEB := web
WEB_STAMP := $(WEB)/node_modules/.installed
WEB_SOURCES := $(shell find $(WEB)/src -type f -not -path '$(WEB)/src/gql/*' 2>/dev/null) \
	$(WEB)/index.html $(WEB)/graphiql.html $(WEB)/vite.config.ts $(WEB)/codegen.ts $(WEB)/tsconfig.app.json \
	schema.graphql
WEB_BUILD := $(WEB)/dist/index.html
CHROMIUM := /usr/bin/chromium

.PHONY: run test check lint typecheck contracts pytest web web-check migrate seed-demo schema bench stress clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NPM_STAMP): $(CONTRACT)/package.json $(CONTRACT)/package-lock.json
	npm ci --prefix $(CONTRACT) --no-audit --no-fund
	touch $(NPM_STAMP)

$(WEB_STAMP): $(WEB)/package.json $(WEB)/package-lock.json
	npm ci --prefix $(WEB) --no-audit --no-fund
	touch $(WEB_STAMP)

# Typed documents are generated from schema.graphql (web/src/gql, not committed), then Vite builds.
$(WEB_BUILD): $(WEB_STAMP) $(WEB_SOURCES)
	cd $(WEB) && npm run --silent codegen && npm run --silent build

web: $(WEB_BUILD)

# The browser tests drive Debian's Chromium; installed here when missing (as root, from Debian's packages),
# with CJK fonts so the screenshots of Chinese pages can be read.
$(CHROMIUM):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null

run: $(STAMP) $(WEB_BUILD)
	mkdir -p data
	$(BIN)/swtalent migrate
	$(BIN)/swtalent seed-demo --if-empty
	$(BIN)/swtalent serve

test: check web-check pytest

check: lint typecheck contracts

# The front end's type check (vue-tsc, on documents typed from the schema) and its unit tests (Vitest).
web-check: $(WEB_BUILD)
	cd $(WEB) && npm run --silent typecheck && npm run --silent test

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP) $(NPM_STAMP) $(WEB_BUILD) $(CHROMIUM)
	$(BIN)/pytest

# The benchmarks (bench/run.py): SCALE=prefecture (SQLite, the default) or SCALE=national (PostgreSQL at
# $$BENCH_DATABASE_URL); prints the table, writes bench/results/$$SCALE.json. See bench/RESULTS.md.
SCALE ?= prefecture
bench: $(STAMP)
	if [ "$(SCALE)" = national ] && [ -z "$$BENCH_DATABASE_URL" ]; then bench/setup-postgres; fi
	$(BIN)/python -m bench.run --scale $(SCALE)

# The stress harnesses (tests/stress, #15): concurrency on a real server, fuzzing, hostile documents and
# kill -9 mid-write, on SQLite and, when $$STRESS_DATABASE_URL names a database they may empty, on
# PostgreSQL with 4 workers. STRESS_LEVEL=ci (a few minutes, as .ci/run runs it) or STRESS_LEVEL=long.
STRESS_LEVEL ?= ci
stress: $(STAMP)
	SWTALENT_STRESS=1 STRESS_LEVEL=$(STRESS_LEVEL) $(BIN)/pytest tests/stress

# Regenerate the committed SDL after a deliberate schema change.
schema: $(STAMP)
	$(BIN)/swtalent print-schema > schema.graphql

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(CONTRACT)/node_modules $(WEB)/node_modules $(WEB)/dist \
		$(WEB)/src/gql test-artifacts
