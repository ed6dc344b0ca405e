# facilitator: the two commands of the README are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
STAMP := $(VENV)/.installed

.PHONY: run test e2e install translations clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/facilitator db upgrade
	HOST=$(HOST) PORT=$(PORT) $(BIN)/facilitator demo --if-empty
	$(BIN)/facilitator run --host $(HOST) --port $(PORT) --no-reload --no-debugger --with-threads

test: $(STAMP)
	$(BIN)/python -m pytest -q

e2e: $(STAMP)
	$(BIN)/python -m pytest -q tests/e2e -m e2e

translations: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --project=facilitator -o facilitator/translations/messages.pot .
	$(BIN)/pybabel update -i facilitator/translations/messages.pot -d facilitator/translations --no-fuzzy-matching
	$(BIN)/pybabel compile -d facilitator/translations

bench: $(STAMP)
	for script in benchmarks/[!_]*.py; do $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache
