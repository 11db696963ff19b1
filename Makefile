# The README's contract: `make run` and `make test` work on a fresh clone.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
STAMP := $(VENV)/.installed-$(shell sha1sum requirements.txt | cut -c1-12)

.PHONY: run test lint format install messages worker clean restore-drill

$(STAMP): requirements.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

# Embedded default: SQLite under var/, tasks in-process, mail written to var/mail/.
# With REDIS_URL set, a Celery worker with beat runs beside the web server.
# .env (DEBUG=1, SITE_URL from HOST and PORT) makes the README's commands work as written after it.
run: install
	scripts/dev_env.sh $(HOST) $(PORT)
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py seed_demo --open-now
	@if [ -n "$$REDIS_URL" ]; then \
	  DEBUG=1 $(VENV)/bin/celery -A vda_portal worker --beat --loglevel=INFO & \
	fi; \
	DEBUG=1 exec $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) -m pytest

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	scripts/messages.sh

clean:
	rm -rf $(VENV) var

# Back up the judged demo, restore it into a fresh database and folder, verify everything
# (operations/drill.py). Needs PostgreSQL: DATABASE_URL=postgres://... (default: local).
restore-drill: install
	$(PY) -m operations.drill

# Load and fault tests (bench/; not part of `make test` nor CI). Each starts its own
# PostgreSQL cluster and Redis on other ports and stops them; see bench/README.md.
.PHONY: loadtest faulttest
loadtest: install
	$(PY) bench/loadtest.py

faulttest: install
	$(PY) bench/faulttest.py
