# SPDX-License-Identifier: GPL-3.0-or-later
# Development and CI entry points for the vpnops.aws collection.  `make help` lists them.
#
# Two ansible-core releases are tested, each in its own venv with its own Python:
#   .venv/core-2.19  Python 3.11  ansible-core 2.19.*
#   .venv/core-2.21  Python 3.13  ansible-core 2.21.*
# and the oldest boto3/botocore that requirements.txt allows:
#   .venv/floor      Python 3.11  ansible-core 2.19.*, boto3 and botocore at the floor
# Tools, each in a venv of its own with pinned versions: .venv/importer (galaxy-importer),
# .venv/ruff (ruff), .venv/docs (antsibull-docs, antsibull-changelog, ansible-lint; tests/utils/docs-tools.sh).
# Each ansible-test command runs against a copy of the work tree of its own,
# build/<command>-<core>/ansible_collections/vpnops/aws, and the integration and floor tests read
# build/ansible_collections/vpnops/aws; each copy is refreshed (recreated) before every run.  With their
# own copies, the suites can run two at a time: .ci/run runs `make -j2 test`.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

CORES := 2.19 2.21

# Python release each ansible-core is tested with.
PYTHON_VERSION_2.19 := 3.11
PYTHON_VERSION_2.21 := 3.13

# Interpreters.  pyenv's shims confuse ansible-test's interpreter lookup, so the
# real installation directories are used (and put first on PATH below).
# Override on the command line, e.g. `make venv PYTHON_3.11=/usr/bin/python3.11`.
PYENV_ROOT ?= $(HOME)/.pyenv
find_python = $(or $(lastword $(shell ls -1v $(PYENV_ROOT)/versions/$(1).*/bin/python$(1) 2> /dev/null)),$(shell command -v python$(1)))
PYTHON_3.11 ?= $(call find_python,3.11)
PYTHON_3.13 ?= $(call find_python,3.13)

VENV_ROOT := .venv
# Programs ansible-test calls from PATH (shellcheck), see tests/utils/requirements-tools.txt.
TOOLS_DIR := $(VENV_ROOT)/tools
TOOLS_STAMP := $(TOOLS_DIR)/.installed
COLLECTION_DIR := build/ansible_collections/vpnops/aws
# $(call test_copy,COMMAND,CORE): the collection copy that one ansible-test command of one core works on.
test_copy = build/$(1)-$(2)/ansible_collections/vpnops/aws
ROOT := $(CURDIR)
FLOOR_VENV := $(VENV_ROOT)/floor
IMPORTER_VENV := $(VENV_ROOT)/importer
RUFF_VENV := $(VENV_ROOT)/ruff
# What ruff checks (ruff.toml).
RUFF_PATHS := plugins tests benchmarks tools

# tests/utils/run-ansible-test.sh runs ansible-test with `--venv --color no
# --python X.Y` (and --junit for sanity).  --venv makes ansible-test build (and
# reuse) its own controller venv inside the collection copy and install what
# each command needs there, so --requirements is not needed.
# Extra options for ansible-test, e.g. `make sanity ANSIBLE_TEST_ARGS=-v`.
ANSIBLE_TEST_ARGS ?=

venv_dir = $(VENV_ROOT)/core-$(1)
venv_stamp = $(call venv_dir,$(1))/.installed
python_for = $(PYTHON_$(PYTHON_VERSION_$(1)))

# $(call ansible_test,CORE,COMMAND): run ansible-test of one core release from its collection copy.
ansible_test = COLLECTION_DIR=$(call test_copy,$(2),$(1)) TOOLS_BIN=$(TOOLS_DIR)/bin \
	tests/utils/run-ansible-test.sh $(call venv_dir,$(1)) $(call python_for,$(1)) $(2) $(ANSIBLE_TEST_ARGS)

.PHONY: help venv collection no-sanity-ignores get-pip $(addprefix get-pip-,$(CORES)) sanity units emulator-tests integration test docs lint build-check demo bench clean distclean \
	ruff units-floor integration-floor \
	$(addprefix sanity-,$(CORES)) $(addprefix units-,$(CORES))

help:
	@echo 'make venv            build .venv/core-2.19 (Python 3.11) and .venv/core-2.21 (Python 3.13), once'
	@echo 'make collection      recreate $(COLLECTION_DIR) (the integration and floor tests read it)'
	@echo 'make sanity          ansible-test sanity on 2.19/py3.11 and 2.21/py3.13 (sanity-2.19, sanity-2.21)'
	@echo 'make units           ansible-test units on 2.19/py3.11 and 2.21/py3.13 (units-2.19, units-2.21)'
	@echo 'make emulator-tests  pytest tests/emulator/tests'
	@echo 'make integration     the integration targets, module EXAMPLES and runbook against the emulator'
	@echo 'make units-floor     the unit tests (pytest) with the oldest boto3/botocore allowed (.venv/floor)'
	@echo 'make integration-floor  the modules\' integration targets with the modules on that boto3/botocore'
	@echo 'make docs            re-render docs/modules and CHANGELOG.rst; fail if the committed ones differ'
	@echo 'make lint            antsibull-docs, antsibull-changelog and ansible-lint over the collection (offline)'
	@echo 'make ruff            ruff check and ruff format --check (ruff.toml)'
	@echo 'make build-check     build the tarball, check its contents, galaxy-importer, install it and run a playbook'
	@echo 'make test            all of the above (make -j2 test: two at a time); CI runs this (.ci/run)'
	@echo 'make demo            build and install the collection, run playbooks/vpn_report.yml against the emulator'
	@echo 'make bench           benchmark the info module against the AWS CLI and the floors (docs/performance.md)'
	@echo 'make clean           remove build/ and tests/output/; distclean also removes .venv/'
	@echo 'Pass ansible-test options with ANSIBLE_TEST_ARGS, e.g. make sanity-2.19 ANSIBLE_TEST_ARGS="--test pylint -v"'

# ---------------------------------------------------------------------------
# Virtual environments: built once, and brought up to date when a
# requirements file changes.

venv: $(foreach core,$(CORES),$(call venv_stamp,$(core))) $(TOOLS_STAMP)

# $(call venv_rule,CORE)
define venv_rule
$(call venv_stamp,$(1)): tests/utils/requirements.txt tests/utils/requirements-$(1).txt
	@test -n "$(call python_for,$(1))" || { echo 'No Python $(PYTHON_VERSION_$(1)) found; set PYTHON_$(PYTHON_VERSION_$(1))=/path/to/python$(PYTHON_VERSION_$(1))' >&2; exit 1; }
	test -x $(call venv_dir,$(1))/bin/python || $(call python_for,$(1)) -m venv $(call venv_dir,$(1))
	$(call venv_dir,$(1))/bin/python -m pip install --disable-pip-version-check --quiet \
		-r tests/utils/requirements-$(1).txt
	$(call venv_dir,$(1))/bin/python -c 'from ansible.release import __version__; print("ansible-core", __version__)'
	touch $$@
endef
$(foreach core,$(CORES),$(eval $(call venv_rule,$(core))))

# Not a venv: a plain --target directory, so that its bin/ holds only the
# programs listed and nothing that could shadow the interpreters on PATH.
$(TOOLS_STAMP): tests/utils/requirements-tools.txt $(call venv_stamp,2.19)
	rm -rf $(TOOLS_DIR)
	$(call venv_dir,2.19)/bin/python -m pip install --disable-pip-version-check --quiet \
		--target $(TOOLS_DIR) -r tests/utils/requirements-tools.txt
	$(TOOLS_DIR)/bin/shellcheck --version
	touch $@

# $(call tool_venv,DIR,REQUIREMENTS): a venv of Python 3.11 holding REQUIREMENTS.
define tool_venv
	@test -n "$(PYTHON_3.11)" || { echo 'No Python 3.11 found; set PYTHON_3.11=/path/to/python3.11' >&2; exit 1; }
	rm -rf $(1)
	$(PYTHON_3.11) -m venv $(1)
	$(1)/bin/python -m pip install --disable-pip-version-check --quiet -r $(2)
	touch $(1)/.installed
endef

# requirements-floor.txt includes tests/unit/requirements.txt, with boto3 and botocore pinned.
$(FLOOR_VENV)/.installed: tests/utils/requirements-floor.txt tests/unit/requirements.txt
	$(call tool_venv,$(FLOOR_VENV),$<)
	$(FLOOR_VENV)/bin/python -c 'import boto3, botocore; print("floor: boto3", boto3.__version__, "botocore", botocore.__version__)'

$(IMPORTER_VENV)/.installed: tests/utils/requirements-importer.txt
	$(call tool_venv,$(IMPORTER_VENV),$<)

$(RUFF_VENV)/.installed: tests/utils/requirements-ruff.txt
	$(call tool_venv,$(RUFF_VENV),$<)

# ansible-test downloads a pip bootstrap script from a host we cannot reach,
# unless a copy is in its cache: put our offline one there for every pip
# version that the installed ansible-test releases ask for.
get-pip: $(addprefix get-pip-,$(CORES))

define get_pip_rule
get-pip-$(1): $(call venv_stamp,$(1))
	$(call venv_dir,$(1))/bin/python tests/utils/install_get_pip.py
endef
$(foreach core,$(CORES),$(eval $(call get_pip_rule,$(core))))

# ---------------------------------------------------------------------------
# The collection copy that ansible-test works on.

collection:
	tests/utils/refresh-collection.sh $(COLLECTION_DIR)

# ---------------------------------------------------------------------------
# ansible-test.  sanity runs every test that applies: no --skip-test, and the
# collection keeps no tests/sanity/ignore-*.txt entries.

sanity: $(addprefix sanity-,$(CORES))
units: $(addprefix units-,$(CORES))

# Problems are fixed in the code, not silenced: no entries in the ignore files.
no-sanity-ignores:
	@if compgen -G 'tests/sanity/ignore-*.txt' > /dev/null && \
		grep -HEnv '^[[:space:]]*(#|$$)' tests/sanity/ignore-*.txt; then \
		echo 'no-sanity-ignores: the lines above silence sanity tests; fix the code instead' >&2; \
		exit 1; \
	fi

# $(call ansible_test_rules,CORE)
define ansible_test_rules
sanity-$(1): no-sanity-ignores get-pip-$(1) $(TOOLS_STAMP)
	tests/utils/refresh-collection.sh $(call test_copy,sanity,$(1))
	$$(call ansible_test,$(1),sanity)

units-$(1): get-pip-$(1)
	tests/utils/refresh-collection.sh $(call test_copy,units,$(1))
	$$(call ansible_test,$(1),units)
endef
$(foreach core,$(CORES),$(eval $(call ansible_test_rules,$(core))))

# ---------------------------------------------------------------------------
# The Client VPN emulator's own tests.

emulator-tests: $(call venv_stamp,2.19)
	PYTHONPATH=tests/emulator $(call venv_dir,2.19)/bin/python -m pytest -q tests/emulator/tests

# ---------------------------------------------------------------------------
# Integration tests: tests/utils/run-integration.sh runs tests/integration/runner.py with the
# 2.19 venv against the collection copy and the emulator.

INTEGRATION_SCRIPT := tests/utils/run-integration.sh

integration: venv collection
	COLLECTION_DIR=$(ROOT)/$(COLLECTION_DIR) VENV_2_19=$(ROOT)/$(call venv_dir,2.19) bash $(INTEGRATION_SCRIPT)

# ---------------------------------------------------------------------------
# The oldest boto3/botocore that requirements.txt allows.  ansible-test units installs
# tests/unit/requirements.txt (unpinned: the newest releases) into a venv of its own and has no
# option to take another file, so the floor runs the unit tests with pytest directly, from the
# collection copy.  The integration tests run the modules with the floor's botocore, and the emulator
# with the newest (as AWS answers with members an old botocore does not know).

units-floor: $(FLOOR_VENV)/.installed collection
	cd build && PYTHONPATH=$(ROOT)/build $(ROOT)/$(FLOOR_VENV)/bin/python -m pytest -q -p no:cacheprovider \
		ansible_collections/vpnops/aws/tests/unit

# At the floor, the targets of the modules, which are what depends on botocore; the playbooks, the module
# EXAMPLES and the secret check run with the newest botocore only.
FLOOR_TARGETS := $(sort $(notdir $(wildcard tests/integration/targets/client_vpn_*)))

integration-floor: $(FLOOR_VENV)/.installed venv collection
	$(FLOOR_VENV)/bin/python tests/integration/runner.py --collections-root $(ROOT)/build \
		--emulator-python $(ROOT)/$(call venv_dir,2.19)/bin/python $(FLOOR_TARGETS)

# ---------------------------------------------------------------------------
# Everything CI checks.

# Everything, longest first so that `make -j2` keeps both cores busy until the end.
test: integration integration-floor units sanity units-floor emulator-tests lint docs build-check ruff

# ---------------------------------------------------------------------------
# Documentation, linting and the release tarball.

docs lint: venv
	bash tests/utils/$@.sh

ruff: $(RUFF_VENV)/.installed
	$(RUFF_VENV)/bin/ruff --version
	$(RUFF_VENV)/bin/ruff check --no-cache $(RUFF_PATHS)
	$(RUFF_VENV)/bin/ruff format --no-cache --check $(RUFF_PATHS)

build-check: $(call venv_stamp,2.19) $(IMPORTER_VENV)/.installed
	IMPORTER_VENV=$(ROOT)/$(IMPORTER_VENV) bash tests/utils/build-check.sh

# ---------------------------------------------------------------------------
# The demo and the benchmark (not part of the tests).

demo:
	@test -n "$(PYTHON_3.11)" || { echo 'No Python 3.11 found; set PYTHON_3.11=/path/to/python3.11' >&2; exit 1; }
	bash tools/demo.sh $(PYTHON_3.11)

bench: $(call venv_stamp,2.19)
	$(call venv_dir,2.19)/bin/python benchmarks/bench.py --write docs/performance.md

# ---------------------------------------------------------------------------

clean:
	rm -rf build tests/output .pytest_cache

distclean: clean
	rm -rf $(VENV_ROOT)
