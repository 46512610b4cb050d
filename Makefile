# The two commands of a fresh machine (see README): `make run` and `make test`.
# Everything is installed into .venv from requirements.lock, so installs are reproducible.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
STAMP  := $(VENV)/.installed

.PHONY: run test install lint format chromium haproxy replicas clean benchmark benchmark-quick

$(STAMP): pyproject.toml requirements.lock js/package-lock.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e ".[test]"
	@command -v npm >/dev/null 2>&1 || { \
	  echo "ERROR: npm is missing: install Node.js (Debian: apt-get install npm); it installs" \
	       "protomaps-leaflet, the map's renderer of PMTiles basemaps, from js/package-lock.json" >&2; exit 1; }
	npm ci --prefix js --no-audit --no-fund --loglevel=error
	$(BIN)/python -c "from landscape.mapview.assets import ensure_static; ensure_static()"
	touch $(STAMP)

install: $(STAMP)

## Start the dashboard on the bundled geodata/ at http://localhost:$(PORT); its code and data are
## loaded before it says it is ready, so the first visitor does not wait for them (docs/performance.md)
run: install
	$(BIN)/python -m landscape.ui.serve --server.port $(PORT)

## Headless Chromium for the browser tests: Debian's package, never a download.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
	  || { echo "ERROR: chromium is missing and could not be installed (need root and apt)." >&2; exit 1; }; }

## HAProxy, the load balancer in front of several replicas: Debian's package.
haproxy:
	@command -v haproxy >/dev/null 2>&1 || test -x /usr/sbin/haproxy || { \
	  echo "Installing Debian's haproxy for the replicas and their test..."; \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy; } \
	  || { echo "ERROR: haproxy is missing and could not be installed (need root and apt)." >&2; exit 1; }; }

## N replicas of the dashboard behind HAProxy on http://localhost:8500 (docs/deploying.md)
N ?= 3
replicas: install haproxy
	$(BIN)/python -m landscape.replicas --replicas $(N)

## Lint, format check, and every test including the browser tests.
test: install chromium haproxy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

## The benchmark suite (benchmarks/README.md, docs/performance.md): the full run took about 7 minutes on 2026-11-24.
benchmark: install chromium
	$(BIN)/python benchmarks/run.py

## The short run CI does: fails only on a regression of a ratio beyond a generous margin.
benchmark-quick: install chromium
	$(BIN)/python benchmarks/run.py --quick --check benchmarks/baseline-quick.json

lint: install
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) static/vendor static/tiles js/node_modules test-artifacts .pytest_cache
