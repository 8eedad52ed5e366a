# Every task of the project; `make help` lists them.
#   make        regenerate the client, then run the contract suite against the built-in mock
#   make test   every test: generated code, spec, upstream comparison, types, unit, mock and contract suites
SHELL := /bin/bash
.DEFAULT_GOAL := all

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
REPORTS := reports
# Qovery's published spec to compare against: the reference copy kept beside the tests, unless given.
UPSTREAM ?= tests/tools/data/qovery-openapi-upstream-subset.yaml
# Where `make contract` points: inprocess (the mock inside pytest), http (the mock over uvicorn) or
# live (QOVERY_API_URL and QOVERY_API_TOKEN). Unset, the suite picks live when both variables are set,
# and the in-process mock otherwise. `make` and `make test` always use the mock.
TARGET ?=
GENERATE := env QOVERY_CLIENT_SOURCE="$(CURDIR)/client/qovery_deploy_client" \
	$(BIN)/openapi-python-client generate --path openapi.yaml --config generator-config.yml \
	--custom-template-path templates --meta uv --overwrite
WITH_TOOLS := PATH="$(CURDIR)/$(BIN):$$PATH"

.PHONY: all help install generate check-generated check-spec upstream-diff lint typecheck template-diff \
	check-package unit contract test mock bench clean

all: generate ## Regenerate the client, then run the contract suite against the built-in mock
	$(MAKE) --no-print-directory contract TARGET=inprocess

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-17s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml templates/pyproject_uv.toml.jinja
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e './generated[cli]' -e '.[dev]'
	touch $@

install: $(STAMP) ## Build the virtual environment .venv with everything the project needs

generate: $(STAMP) ## Regenerate generated/ from openapi.yaml, generator-config.yml and templates/
	$(WITH_TOOLS) $(GENERATE) --output-path generated

check-generated: $(STAMP) ## Fail, naming the files, when generated/ is not what the spec makes now
	$(WITH_TOOLS) $(PY) scripts/check_generated.py -- $(GENERATE)

check-spec: $(STAMP) ## Validate openapi.yaml as OpenAPI
	$(BIN)/openapi-spec-validator openapi.yaml

upstream-diff: $(STAMP) ## Compare openapi.yaml with Qovery's spec (UPSTREAM=file; VERBOSE=1 lists notes)
	$(PY) scripts/upstream_diff.py --ours openapi.yaml $(if $(VERBOSE),--verbose) $(UPSTREAM)

template-diff: $(STAMP) ## Show each custom template's diff against the generator's stock one, and a summary
	$(PY) scripts/template_diff.py

lint: $(STAMP) ## ruff check and ruff format --check on the hand-written code (client/ with the package's settings)
	$(BIN)/ruff check --no-cache .
	$(BIN)/ruff format --check --no-cache .

typecheck: $(STAMP) ## mypy --strict on the hand-written client modules, the generated package and the project's code
	$(BIN)/mypy --strict client/qovery_deploy_client
	$(BIN)/mypy --strict generated/qovery_deploy_client
	$(BIN)/mypy --strict qovery_mock qovery_openapi scripts

check-package: $(STAMP) ## Install generated/ alone in a fresh environment and use it
	rm -rf build/package-check && $(PYTHON) -m venv build/package-check
	build/package-check/bin/pip install --quiet --disable-pip-version-check ./generated
	cd build && package-check/bin/python ../scripts/smoke_package.py

unit: $(STAMP) ## The unit tests of the client, the mock and the tools
	$(BIN)/pytest tests -q -p no:cacheprovider -n auto --junitxml=$(REPORTS)/unit.xml

contract: $(STAMP) ## The contract suite against TARGET (inprocess, http or live)
	$(BIN)/pytest contract_tests -v -p no:cacheprovider $(if $(TARGET),--target=$(TARGET)) \
		--junitxml=$(REPORTS)/contract-$(or $(TARGET),default).xml

test: check-generated check-spec upstream-diff lint typecheck check-package unit ## Every test
	$(MAKE) --no-print-directory contract TARGET=inprocess
	$(MAKE) --no-print-directory contract TARGET=http

mock: $(STAMP) ## Serve the built-in mock on 127.0.0.1 (PORT=, FIXTURES=)
	$(PY) -m qovery_mock $(if $(PORT),--port $(PORT)) $(if $(FIXTURES),--fixtures $(FIXTURES))

bench: $(STAMP) ## Run the benchmarks and print their tables (BENCH_ARGS="--quick --write")
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean: ## Remove the virtual environment, reports and build leftovers
	rm -rf $(VENV) $(REPORTS) build .mypy_cache .pytest_cache .ruff_cache
