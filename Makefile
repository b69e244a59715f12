# PropDesk — see README.md. `make run` and `make test` are the two set-up commands.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
N      ?= 20000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install run test test-pg lint fmt messages check-messages deploy-check bench bench-gate clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed  ## create .venv and install Python and front-end packages

run: install  ## migrate, load demo data, serve on http://127.0.0.1:$(PORT) (gunicorn) with the worker
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) manage.py demo
	PORT=$(PORT) $(PY) manage.py serve

test: install  ## the whole test suite (SQLite; PostgreSQL when DATABASE_URL is set)
	$(PY) -m pytest -q

lint: install  ## ruff, missing migrations, translation catalogue
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(MAKE) check-messages

fmt: install  ## format the code
	$(PY) -m ruff check --fix .
	$(PY) -m ruff format .

messages: install  ## extract strings into locale/*.po and compile the .mo files
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*' --ignore 'var/*' --ignore 'bench/*' --ignore 'tests/*'
	$(PY) manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*'

check-messages: install  ## fail on an untranslated or fuzzy zh_Hans string
	$(PY) -m propdesk.core.i18ncheck locale/zh_Hans/LC_MESSAGES/django.po

deploy-check: install  ## Django's deployment checklist with production settings
	PROPDESK_PRODUCTION=1 SECRET_KEY=$$($(PY) -c 'import secrets;print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=propdesk.example.com $(PY) manage.py check --deploy --fail-level WARNING

clean:  ## remove the local database, media and collected static files
	rm -rf var/

bench: install  ## benchmark on PostgreSQL (database propdesk_bench): make bench [N=1000000] [BENCH=--reuse|--generate]; see bench/README.md
	$(PY) -m bench.run $(N) $(BENCH)

bench-gate: install  ## gate verify at 100,000 worker passes on the DATABASE_URL database (PostgreSQL): make bench-gate [N=100000]; see bench/README.md
	$(PY) -m bench.gate $(if $(filter 20000,$(N)),100000,$(N))
