# Tonearm: `make run` (set up + serve) and `make test` (set up + every gate) on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
HOST ?= 127.0.0.1
PORT ?= 8080
PYTEST_ARGS ?=
# The compiled matching engine: its build tools live apart from the app's packages.
NATIVE_TOOLS := $(VENV)/native-tools
MATCHING := src/tonearm/matching
NATIVE_STAMP := $(MATCHING)/_compiled.b2sum

.PHONY: install install-runtime native bytecode run test lint typecheck imports pytest docs frontend screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip 2>/dev/null

$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements.lock 2>/dev/null
	$(PIP) install --no-deps -e . 2>/dev/null
	touch $@

$(VENV)/.dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements-dev.lock 2>/dev/null
	$(PIP) install --no-deps -e . 2>/dev/null
	touch $@ $(VENV)/.runtime

install-runtime: $(VENV)/.runtime

# mypy and setuptools for scripts/build_native.py; offline, the engine stays pure Python.
$(VENV)/.native-tools: requirements-native.lock | $(BIN)/python
	rm -rf $(NATIVE_TOOLS)
	$(PIP) install --target $(NATIVE_TOOLS) -r requirements-native.lock 2>/dev/null \
		&& touch $@ || echo "matching engine: its build tools could not be installed"

# Rebuilt when a matching source changes; the stamp is missing after a pure-Python fallback,
# so the next install tries again.
$(NATIVE_STAMP): $(wildcard $(MATCHING)/*.py) scripts/build_native.py \
		| $(VENV)/.runtime $(VENV)/.native-tools
	PYTHONPATH=$(NATIVE_TOOLS) $(BIN)/python scripts/build_native.py

## native: compile the matching engine with mypyc in place (pure Python without a C compiler)
native: $(VENV)/.runtime $(VENV)/.native-tools
	PYTHONPATH=$(NATIVE_TOOLS) $(BIN)/python scripts/build_native.py

# pip compiles an installed package's modules, not the sources of an editable install: done
# here, so no start pays for it (with PYTHONDONTWRITEBYTECODE set, every start would).
bytecode: $(VENV)/.runtime
	$(BIN)/python -m compileall -q -j 0 src

## install: the virtualenv with the app and every development tool, nothing else
install: $(VENV)/.dev $(NATIVE_STAMP) frontend bytecode

## run: install, migrate and serve on http://127.0.0.1:8080 with SQLite under ./data
run: $(VENV)/.runtime $(NATIVE_STAMP) frontend bytecode
	TONEARM_DATA_DIR=$${TONEARM_DATA_DIR:-./data} $(BIN)/tonearm migrate
	TONEARM_DATA_DIR=$${TONEARM_DATA_DIR:-./data} $(BIN)/tonearm serve --host $(HOST) --port $(PORT)

## test: every gate: format, lint, types, import contracts, the whole suite
test: install lint typecheck imports pytest

lint:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy

imports:
	$(BIN)/lint-imports

# The browser tier drives Playwright's synchronous API, which owns the main thread's event loop;
# it runs in its own process so the asyncio tests never share a loop with it.
pytest:
	$(BIN)/pytest --ignore=tests/browser $(PYTEST_ARGS)
	$(BIN)/pytest tests/browser $(PYTEST_ARGS)

## docs: regenerate the OpenAPI snapshot and the configuration reference
docs: $(VENV)/.runtime
	$(BIN)/tonearm openapi > tests/snapshots/openapi.json
	$(BIN)/tonearm config-reference > docs/configuration.md

## frontend: copy htmx from the npm package into the static files (when the manifest exists)
frontend:
	@if [ -f package.json ] && [ -x scripts/build-frontend.sh ]; then scripts/build-frontend.sh; fi

## screenshots: regenerate docs/screenshots/ (every UI page at 1280 and 390 px, via tonearm demo)
screenshots: $(VENV)/.dev frontend
	$(BIN)/python scripts/screenshots.py

## lock: recompile the pinned dependency locks (no download URLs)
lock: $(BIN)/python
	$(PIP) install pip-tools 2>/dev/null
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --output-file requirements.lock pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --extra dev --output-file requirements-dev.lock pyproject.toml
	$(BIN)/pip-compile -q --strip-extras --no-emit-index-url --no-emit-find-links --allow-unsafe --output-file requirements-native.lock \
		requirements-native.in

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
	rm -f $(MATCHING)/*.so $(NATIVE_STAMP)
