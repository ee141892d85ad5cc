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

CHROMIUM := /usr/bin/chromium

.PHONY: setup run test bench stop-db clean browser

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "Balai needs Python 3.11; set PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

setup: $(BIN)/.installed

run: setup
	$(WITH_DB) $(BIN)/python infra/dev/run.py

test: setup browser
	$(WITH_DB) $(BIN)/pytest $(PYTEST_ARGS)

# The browser tests drive Debian's Chromium (Playwright's own browser
# downloads are not used). Installed once when missing and we may.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Debian's chromium for the browser tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || echo "could not install chromium: the browser tests will be skipped"; \
	  else \
	    echo "no $(CHROMIUM) and no way to install it: the browser tests will be skipped"; \
	  fi; \
	fi

bench: setup
	$(WITH_DB) $(BIN)/python bench/provision.py --villages 200
	$(WITH_DB) $(BIN)/python bench/routing.py
	$(WITH_DB) $(BIN)/python bench/fleet.py --villages 200
	$(WITH_DB) $(BIN)/python bench/population.py
	$(WITH_DB) $(BIN)/python bench/books.py
	$(WITH_DB) $(BIN)/python bench/registry.py
	$(WITH_DB) $(BIN)/python bench/letters.py

stop-db:
	$(BIN)/python infra/dev/localdb.py stop

clean: stop-db
	rm -rf $(VENV) var
