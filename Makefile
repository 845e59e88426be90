# The two commands: `make run` and `make test`. Everything they need is set up here.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
export PROSCRIBE_HOME ?= $(CURDIR)/var

.PHONY: run test lint venv demo bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench,spark]'
	touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	$(BIN)/proscribe lists update --offline-fallback --connect-timeout 5 --retries 1
	$(BIN)/proscribe demo
	$(BIN)/proscribe keys ensure-local --file $(PROSCRIBE_HOME)/api-key
	$(BIN)/proscribe serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -q -n 2 --dist loadgroup

lint: $(STAMP)
	$(BIN)/ruff check proscribe tests bench
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python bench/import.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
