# The whole set-up is `make lab` (open the course) or `make test` (check it).
# Both create .venv with python3 when it is missing and reinstall when requirements change.
# `make site`, `make classroom` and `make test` also install requirements-tools.txt (the
# website, the classroom server, the browser tests), which `make lab` does not need.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TOOLS := $(VENV)/.tools-installed
ARGS ?=
SUBMISSIONS ?= lessons
OUT ?= grades
ROOT_FLAG := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
PYTEST_NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: lab test lint lessons solutions grade bench mutants stress site classroom classroom-branch classroom-links clean

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "This course needs Python 3.11 or newer; found " + sys.version.split()[0] + ". Install it, or run: make PYTHON=python3.11 ...")'
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	@cp jupyter/overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $(STAMP)

$(TOOLS): $(STAMP) requirements-tools.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -r requirements-tools.txt
	@touch $(TOOLS)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. \
		--LabApp.default_url=/lab/tree/lessons/00_start_here.ipynb $(ROOT_FLAG) $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# nbval runs twice over the solutions: with this CPU's BLAS kernel and with OpenBLAS forced
# onto its SSE3 kernel, so an output that depends on the CPU fails here, not on a laptop.
test: lint $(TOOLS)
	$(BIN)/python -m pytest -q -n 2 --dist loadscope $(PYTEST_NBVAL) tests solutions
	OPENBLAS_CORETYPE=Prescott $(BIN)/python -m pytest -q -n 2 --dist loadscope $(PYTEST_NBVAL) solutions

lessons: $(STAMP)
	$(BIN)/python -m utils.course.authoring

solutions: $(STAMP)
	$(BIN)/python -m utils.course.authoring --execute $(LESSON)

grade: $(STAMP)
	$(BIN)/python -m utils.grade $(SUBMISSIONS) --out $(OUT) $(ARGS)

bench: $(STAMP)
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Mutation testing of the checks (several minutes): every surviving mutant is a gap in a
# check or is listed in tests/equivalent_mutants.txt with the reason it is equivalent.
mutants: $(STAMP)
	$(BIN)/python -m tests.mutants $(ARGS)

# A seed sweep of the checks (several minutes): every wrong answer, right answer and solution
# under COURSE_CHECK_SEED=1..20; prints each wrong verdict with the seed that replays it.
stress: $(STAMP)
	$(BIN)/python -m tests.stress $(ARGS)

# The course as a static website in _site/ (open _site/index.html), from the committed
# notebooks' stored outputs; nothing is executed.
site: $(TOOLS)
	$(BIN)/python -m utils.course.site --out _site

# A JupyterHub for a class (classroom/jupyterhub_config.py; README: "Teaching a class").
classroom: $(TOOLS)
	$(BIN)/jupyterhub -f classroom/jupyterhub_config.py $(ARGS)

# The students' copy (lessons/, README.md, GLOSSARY.md; no solutions/) as the branch `students`,
# and one nbgitpuller link per lesson: make classroom-links HUB=https://hub... REPO=https://...
classroom-branch: $(STAMP)
	$(BIN)/python -m utils.course.classroom branch $(ARGS)

classroom-links: $(STAMP)
	$(BIN)/python -m utils.course.classroom links --hub "$(HUB)" --repo "$(REPO)" $(ARGS)

clean:
	rm -rf $(VENV) grades _site
