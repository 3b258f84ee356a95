# LSTM Explained: `make html` builds the site, `make test` checks everything. `make help` lists all.
# Only Python 3.11+ and make are needed: the virtual environment is created on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The stamp is newer than the lock file once its pins are installed; a no-change run skips pip.
STAMP := $(VENV)/.installed
SPHINXOPTS ?= -j 2
# -T prints the full traceback, including a failing cell's, instead of hiding it in a temp file.
SPHINXBUILD := $(BIN)/sphinx-build -W --keep-going -n -T -c . $(SPHINXOPTS)

.DEFAULT_GOAL := help
.PHONY: help install html wheel dist test test-fast stress linkcheck bench bench-build bench-pages bench-tests clean distclean lock

help: ## Show this list of targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "LSTM Explained needs Python 3.11 or newer; this is " + sys.version.split()[0] + ". Run: make PYTHON=python3.11 ...")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): constraints.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@# tf_keras (Keras 2's summary layout, for tests/test_summary.py) requires the 572 MB `tensorflow`,
	@# which would overwrite tensorflow-cpu's files; it runs on tensorflow-cpu as it is, so no deps.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -c constraints.txt tf_keras
	@# pytorch-model-summary (a PyTorch summary layout, for tests/test_torch_summary.py) requires torch
	@# unpinned, which could fetch a second, CUDA torch; torch is installed by .[test] already.
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -c constraints.txt pytorch-model-summary
	@touch $@

install: $(STAMP) ## Create .venv and install the pinned dependencies (done by every target that needs it)

# Everything a page's output can depend on (folders too, so a deleted page counts), including the
# installed packages: any pip install or uninstall changes site-packages, as it changes conf.py's
# cache key. When none of it is newer than the last successful build, Sphinx does not even start.
SITE_INPUTS := $(shell find docs lstm_explained -not -path '*/__pycache__*') \
	conf.py constraints.txt pyproject.toml Makefile $(STAMP) $(wildcard $(VENV)/lib/python3*/site-packages)
SITE_STAMP := _build/html/.built

# The wheel and the site's zip are reproducible: every file in them gets one fixed date, the
# earliest a zip can hold (SOURCE_DATE_EPOCH, which setuptools' wheel writer and
# docs/_ext/site_zip.py read), so two builds of the same sources are byte for byte the same,
# in a git checkout or not. Given to those two commands only: Sphinx would also read it, and
# rewrite the copyright year to 1980.
VERSION := $(shell sed -n 's/^version = "\(.*\)"$$/\1/p' pyproject.toml)
ZIP_EPOCH := 315532800
WHEEL := _build/wheel/lstm_explained-$(VERSION)-py3-none-any.whl
SITE_ZIP := _build/lstm-explained-site-$(VERSION).zip

wheel: $(WHEEL) ## Build the package's wheel into _build/wheel (the site ships it for offline installs)

# Built from a copy holding only the tracked kinds of file, so no stale build/ or __pycache__ leaks in.
$(WHEEL): $(shell find lstm_explained -name '*.py') pyproject.toml README.md $(STAMP)
	rm -rf _build/wheel _build/wheel-src && mkdir -p _build/wheel-src
	cp pyproject.toml README.md _build/wheel-src/
	find lstm_explained -name '*.py' -exec cp --parents {} _build/wheel-src/ \;
	cd _build/wheel-src && SOURCE_DATE_EPOCH=$(ZIP_EPOCH) ../../$(BIN)/python -m pip wheel --quiet --disable-pip-version-check \
		--no-deps --no-build-isolation --no-index --wheel-dir ../wheel .
	rm -rf _build/wheel-src

dist: $(SITE_ZIP) ## Zip the built site into one archive to hand out (_build/lstm-explained-site-VERSION.zip)

$(SITE_ZIP): $(SITE_STAMP) docs/_ext/site_zip.py
	SOURCE_DATE_EPOCH=$(ZIP_EPOCH) $(BIN)/python docs/_ext/site_zip.py _build/html $@

html: $(SITE_STAMP) ## Build the site into _build/html (open _build/html/index.html)
	@echo "Built: open _build/html/index.html"

$(SITE_STAMP): $(SITE_INPUTS) $(WHEEL)
	$(SPHINXBUILD) -b html docs _build/html
	@touch $@

# The test phase runs on both cores: the site is built by then. A page's browser checks stay in one
# worker (their visits are shared: tests/support/audit.py). PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL = $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadgroup)

test: html dist ## Build the site and its zip, then run every test: unit, doctests, page doctests, built-HTML and browser checks
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

test-fast: $(STAMP) ## Unit tests and doctests only: no site build, no browser (markers site, browser, slow)
	$(BIN)/python -m pytest -m "not site and not browser and not slow"

stress: ## On a fresh clone of HEAD, with a core kept busy: .ci/run, then the browser tier ten times
	$(PYTHON) tests/stress.py

linkcheck: $(STAMP) ## Check every link; OFFLINE=1 checks only internal ones (no network needed)
	LINKCHECK_OFFLINE=$(OFFLINE) $(SPHINXBUILD) -b linkcheck docs _build/linkcheck

bench: bench-build bench-pages bench-tests ## Run every benchmark below and print their tables

bench-build: $(STAMP) ## Measure clean, no-change and partial rebuilds against the pages' raw execution
	$(BIN)/python benchmarks/build.py

bench-pages: html ## Open every built page offline in Chromium: bytes loaded and time to ready, per page
	$(BIN)/python benchmarks/pages.py

bench-tests: html dist ## Measure the test phase tier by tier (unit, site, browser): seconds and test counts
	$(BIN)/python benchmarks/tests.py

lock: | $(BIN)/python ## Re-resolve the newest versions allowed by pyproject.toml into constraints.txt
	rm -rf _build/lock-venv && $(PYTHON) -m venv _build/lock-venv
	_build/lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	{ echo "# Pinned versions for every dependency of lstm-explained[test] (Python 3.11, Linux x86_64)."; \
	  echo "# pip install -c constraints.txt -e '.[test]'; regenerate with 'make lock'."; \
	  _build/lock-venv/bin/python -m pip freeze --all --exclude-editable | grep -vE '^(lstm-explained|pip)=='; \
	  grep -E '^(tensorflow|torch|tf_keras|pytorch-model-summary)==' constraints.txt; } > _build/constraints.new
	mv _build/constraints.new constraints.txt
	rm -rf _build/lock-venv

clean: ## Remove the build and the execution cache (keeps .venv)
	rm -rf _build

distclean: clean ## Also remove .venv
	rm -rf $(VENV)
