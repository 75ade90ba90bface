# The two set-up commands of the README: `make example` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: example test lint serve bench data messages clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

example: $(STAMP)
	cd example_site && ../$(BIN)/pelican content -s pelicanconf.py -o output --delete-output-directory
	@echo "Example site built in example_site/output/ (open example_site/output/index.html or run make serve)"

serve: example
	cd example_site && ../$(BIN)/pelican --listen -o output -b 127.0.0.1 -p 8000

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy --strict src/

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python bench/parse.py

# The plugin's own UI strings: extract from the templates, merge into every catalog, compile.
LOCALE := src/pelican_coopregions/locale
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --project=pelican-coopregions --no-location \
		--sort-output --omit-header -o $(LOCALE)/pelican_coopregions.pot .
	$(BIN)/pybabel update -i $(LOCALE)/pelican_coopregions.pot -d $(LOCALE) \
		-D pelican_coopregions --ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date
	$(BIN)/pybabel compile -d $(LOCALE) -D pelican_coopregions --statistics

# Regenerate the built-in data: the M.49 table from pycountry (after a new ISO 3166-1
# release; existing slugs are kept), then the names from Babel, pycountry and
# scripts/vocabulary.toml (after a Babel upgrade or a vocabulary edit).
data: $(STAMP)
	$(BIN)/python scripts/generate_m49.py
	$(BIN)/python scripts/generate_names.py

clean:
	rm -rf $(VENV) example_site/output .pytest_cache .mypy_cache .ruff_cache .hypothesis
