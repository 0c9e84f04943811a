# Two commands: `make run` (the service on embedded defaults) and `make test` (every test).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
# PostgreSQL for the second half of the suite; runs are skipped (reason printed) where none answers.
TEST_DATABASE_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
export TEST_DATABASE_URL

CATALOGS := app/translations
POT := $(CATALOGS)/messages.pot

.PHONY: run test catalogs extract update-catalogs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-deps: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt -e .
	touch $@

$(VENV)/.test-deps: requirements-dev.txt $(VENV)/.run-deps
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Compiled catalogs (.mo) are built here, never committed.
catalogs: $(VENV)/.run-deps
	$(BIN)/pybabel compile --statistics -d $(CATALOGS)

# After marking new text: extract it, then merge it into every language's catalog to translate.
extract: $(VENV)/.run-deps
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 --add-comments=Translators: --sort-by-file --no-wrap \
		--project="Guangzhou Award seminars" --copyright-holder="Guangzhou Award seminars contributors" \
		--msgid-bugs-address="" -o $(POT) .

update-catalogs: extract
	$(BIN)/pybabel update --no-wrap --no-fuzzy-matching -i $(POT) -d $(CATALOGS)

run: $(VENV)/.run-deps catalogs
	$(FLASK) db upgrade
	$(FLASK) demo load --upcoming
	BASE_URL=$${BASE_URL:-http://127.0.0.1:$(PORT)} $(FLASK) organisers demo
	PORT=$(PORT) $(BIN)/python devserver.py

test: $(VENV)/.test-deps catalogs
	$(BIN)/ruff check .
	scripts/install-test-deps.sh
	$(BIN)/pytest
