# Two commands do all set-up on a fresh machine with Python 3.11+:
#   make report   install, then build the quarterly report from the bundled sample
#   make test     install, then run the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DATA   ?= data/sample
# One BLAS/OpenMP thread per process: the 2-core machines run two workers (pytest -n 2,
# report workers); multi-threaded BLAS inside each oversubscribes the cores and makes
# small least-squares and logit fits about ten times slower.
export OMP_NUM_THREADS ?= 1
export OPENBLAS_NUM_THREADS ?= 1
export MKL_NUM_THREADS ?= 1

.PHONY: install system-deps report validate test test-fast test-slow test-matrix lint lab benchmark clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,lab]"
	$(BIN)/python -m ipykernel install --sys-prefix --name kompetensi --display-name "Kompetensi Binjai (project)" >/dev/null
	@touch $(STAMP)

# System libraries from Debian: Pango for WeasyPrint (PDF), poppler-utils (pdftoppm) and
# chromium for the rendering tests. Installs only what is missing; needs root or sudo.
system-deps:
	@bash scripts/system-deps.sh

validate: install
	$(BIN)/kompetensi validate $(DATA)

report: install system-deps
	$(BIN)/kompetensi report --data $(DATA) --period latest

# The whole suite, simulations, notebook runs and report builds included (about 11 minutes on 2 cores),
# after the layers contract (import-linter: a module imports only from layers below it).
test: install system-deps
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -n 2 -m "not matrix"

# Quick loop while editing: everything but the tests marked slow.
test-fast: install system-deps
	$(BIN)/python -m pytest -n 2 -m "not slow"

# Reports on eight more small or odd datasets (one agency, one quarter, no budget, ...): about 7 minutes more.
test-matrix: install system-deps
	$(BIN)/python -m pytest -n 2 -m matrix tests/test_report_matrix.py

test-slow: install system-deps
	$(BIN)/python -m pytest -n 2 -m slow

lint: install
	$(BIN)/ruff check src tests benchmarks notebooks scripts
	$(BIN)/lint-imports

# JupyterLab comes with `make install` (the lab extra), so this needs no network; the
# notebooks run on the project's kernel "kompetensi" (registered by install).
lab: install
	$(BIN)/jupyter lab --notebook-dir=notebooks

benchmark: install
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) .pytest_cache
