# The two commands a newcomer runs: `make run` and `make test`. Everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The graphql-http audit suite (tests/api/test_http_contract.py), pinned by its committed lock file.
CONTRACT := tests/http_contract
NPM_STAMP := $(CONTRACT)/node_modules/.installed

.PHONY: run test check lint typecheck contracts pytest migrate seed-demo schema clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

$(NPM_STAMP): $(CONTRACT)/package.json $(CONTRACT)/package-lock.json
	npm ci --prefix $(CONTRACT) --no-audit --no-fund
	touch $(NPM_STAMP)

run: $(STAMP)
	mkdir -p data
	$(BIN)/swtalent migrate
	$(BIN)/swtalent seed-demo --if-empty
	$(BIN)/swtalent serve

test: check pytest

check: lint typecheck contracts

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP) $(NPM_STAMP)
	$(BIN)/pytest

# Regenerate the committed SDL after a deliberate schema change.
schema: $(STAMP)
	$(BIN)/swtalent print-schema > schema.graphql

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(CONTRACT)/node_modules
