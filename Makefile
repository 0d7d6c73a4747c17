# Every target installs what it needs first, so that `make run` and `make test`
# work on a fresh machine with nothing but Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PYTEST_WORKERS ?= 2

.PHONY: install run test lint bench clean proto

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

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
