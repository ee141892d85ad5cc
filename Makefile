# The two commands of the quickstart: `make run` and `make test`.
# Both set up everything they need: the virtualenv, the dependencies, and a
# PostgreSQL (DATABASE_URL if set; else one on 127.0.0.1:5432; else a private
# server started in var/postgres; see infra/dev/localdb.py).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
WITH_DB := $(BIN)/python infra/dev/localdb.py exec --
export BALAI_BASE_DOMAIN ?= localhost
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup run test bench stop-db clean

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Balai needs Python 3.11; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

setup: $(BIN)/.installed

run: setup
	$(WITH_DB) $(BIN)/python infra/dev/run.py

test: setup
	$(WITH_DB) $(BIN)/pytest $(PYTEST_ARGS)

bench: setup
	$(WITH_DB) $(BIN)/python bench/provision.py --villages 200
	$(WITH_DB) $(BIN)/python bench/routing.py

stop-db:
	$(BIN)/python infra/dev/localdb.py stop

clean: stop-db
	rm -rf $(VENV) var
