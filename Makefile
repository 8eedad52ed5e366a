# Every task of the project. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := all

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
UPSTREAM ?= ../shared/reference/qovery-openapi-upstream-subset.yaml
GENERATE := $(BIN)/openapi-python-client generate --path openapi.yaml --config generator-config.yml \
	--custom-template-path templates --meta uv --overwrite

.PHONY: all help install generate check-generated

all: generate contract ## Regenerate the client, then run the contract suite against the built-in mock

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml templates/pyproject.toml.jinja
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e './generated' -e '.[dev]'
	touch $@

install: $(STAMP) ## Build the virtual environment in .venv

generate: $(STAMP) ## Regenerate generated/ from openapi.yaml, generator-config.yml and templates/
	PATH="$(CURDIR)/$(BIN):$$PATH" $(GENERATE) --output-path generated

check-generated: $(STAMP) ## Fail, naming the files, when generated/ is not what the spec produces now
	PATH="$(CURDIR)/$(BIN):$$PATH" $(PY) scripts/check_generated.py -- $(GENERATE)
