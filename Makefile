# Maillage: two commands on a fresh machine.
#   make run   set everything up and run the site with demo data (http://127.0.0.1:8000, PORT overrides)
#   make test  set everything up and run the whole test suite (unit, integration, browser)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
PYTEST_WORKERS ?= 2

.PHONY: run test setup browser migrate demo unit e2e lint check messages clean

$(BIN)/.installed: requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11 est nécessaire (python3.11 introuvable)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(BIN)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py load_demo --quiet-accounts
	$(PY) manage.py rebuild_index --noinput --verbosity 0

# `make run` serves the demo as its users will see it: DEBUG off (French error pages, hashed and
# compressed static files served by WhiteNoise) on plain HTTP on this machine. `DEBUG=1 make run`
# gives Django's technical pages back.
DEBUG ?= 0
run: export DEBUG := $(DEBUG)
run: export MAILLAGE_LOCAL_SERVER := 1
run: demo
	@$(PY) manage.py demo_accounts
	@echo ""
	@echo "Maillage : http://127.0.0.1:$(PORT)/  (administration : http://127.0.0.1:$(PORT)/admin/)"
	$(BIN)/daphne -b 127.0.0.1 -p $(PORT) portal.asgi:application

# Browser tests drive Debian's Chromium; install it when missing (as root, or say how).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installation de Chromium (apt-get)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium manque : sudo apt-get install -y chromium"; exit 1; \
	  fi; }

unit: setup
	$(BIN)/pytest -n $(PYTEST_WORKERS) --ignore=tests/e2e tests

e2e: setup browser
	$(BIN)/pytest tests/e2e

test: unit e2e

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: setup
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

messages: setup
	$(PY) manage.py makemessages -l fr --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf var/static .pytest_cache test-artifacts
