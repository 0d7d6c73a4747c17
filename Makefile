# Every target installs what it needs first, so that `make run` and `make test`
# work on a fresh machine with nothing but Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= 2

.PHONY: install run test lint bench clean proto soak

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[server,lab,dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/alea serve

# Regenerate the alea.v1 API package (alea/v1/) from proto/alea/v1/*.proto.
proto: install
	$(BIN)/python -m server.protogen

test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) -q

lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: install
	$(BIN)/python bench/rng_bench.py

# Long fault runs (not part of make test): 25 SIGKILLs under load per store, then
# a 2-minute soak of each store with memory and latency sampled (bench/soak.py).
# PostgreSQL at $$ALEA_TEST_POSTGRES_URL (default 127.0.0.1:5432/test), else skipped.
soak: install
	$(BIN)/python bench/soak.py --store both --crash-loops 25
	$(BIN)/python bench/soak.py --store both --seconds 120 --concurrency 8 --interval 10

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
