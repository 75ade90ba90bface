"""Every Python and shell example of README.md and docs/*.md runs here, or says it does not.

A block whose info string has the word ``illustrative`` (```` ```sh illustrative ````) is not
run: installs, ``make`` targets, servers, benchmarks, fragments of source files. Every other
block is run from the doc's own text, never a copy kept here:

- ``pycon``: a doctest, in the example site's folder (its data files);
- ``python``: settings added to a ``pelicanconf.py``, built by Pelican with the tutorial's
  articles and data files, then checked against what the text around it promises (``SETTINGS``);
  or a site's own test file, run with pytest beside the example site's data files
  (``PROPERTY_TESTS``);
- ``sh`` and ``console``: run with bash in a site named in ``SHELL_SITES``; a ``console``
  block's output must be what it shows (``...`` stands for any text);
- docs/tutorial.md: by tests/test_tutorial.py, from an empty folder.

A new example that is neither run nor marked illustrative fails
``test_every_example_runs_or_is_illustrative``.
"""

from __future__ import annotations

import doctest
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import SETTINGS_FILE, build_alone, run_shell, shows
from docblocks import Block, document_blocks
from tutorial_site import write_tutorial_site

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCKS = [block for doc in DOCS for block in document_blocks(doc, ROOT)]
PYTHON = {"python", "py", "pycon"}
SHELL = {"sh", "shell", "bash", "console"}
EXAMPLES = [block for block in BLOCKS if block.language in PYTHON | SHELL]
RUN_BY_THE_TUTORIAL_TEST = "docs/tutorial.md"
FIXTURES = Path(__file__).parent / "fixtures"


def runnable(language: str, doc: str | None = None) -> list[Block]:
    return [
        block
        for block in EXAMPLES
        if block.language == language
        and not block.illustrative
        and block.doc != RUN_BY_THE_TUTORIAL_TEST
        and doc in (None, block.doc)
    ]


def any_block(doc: str, needle: str) -> Block:
    """The one block of ``doc``, of any language (a ``po`` file, say), containing ``needle``."""
    found = [b for b in BLOCKS if b.doc == doc and needle in b.text]
    assert len(found) == 1, f"{len(found)} blocks of {doc} contain {needle!r}"
    return found[0]


def the_block(doc: str, needle: str) -> Block:
    """The one example of ``doc`` containing ``needle``."""
    found = [b for b in EXAMPLES if b.doc == doc and needle in b.text]
    assert len(found) == 1, f"{len(found)} examples of {doc} contain {needle!r}"
    return found[0]


# Settings examples ---------------------------------------------------------------------------

BASE_SETTINGS = 'SITENAME = "Co-op News"\n' + SETTINGS_FILE
DATA_FILES = """\
COOPREGIONS_REGIONS_FILE = "data/regions.toml"
COOPREGIONS_ORGANIZATIONS_FILE = "data/organizations.toml"
"""
PLUGIN = f'PLUGINS = ["pelican_coopregions"]\n{DATA_FILES}COOPREGIONS_LANGUAGES = ["en", "es"]\n'
SUBSITES = 'PLUGINS = ["i18n_subsites", "pelican_coopregions"]\n'


def translation(lang: str, title: str) -> str:
    return f"Title: {title}\nDate: 2023-02-16\nSlug: food-markets\nLang: {lang}\n\nText.\n"


def text_of(output: Path, path: str) -> str:
    html = BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")
    return " ".join(html.get_text(" ").split())


def menu(output: Path, path: str) -> list[str]:
    html = BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")
    return [a.get_text() for a in html.select("nav a")]


def listed_on(output: Path, path: str) -> set[str]:
    html = BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")
    return {a["href"].rsplit("/", 1)[-1] for a in html.select("article h3 a")}


def written(*paths: str) -> Callable[[Path], None]:
    def check(output: Path) -> None:
        for path in paths:
            assert (output / path).is_file(), path

    return check


def dates(english: str, spanish: str) -> Callable[[Path], None]:
    def check(output: Path) -> None:
        assert english in text_of(output, "food-markets.html")
        assert spanish in text_of(output, "food-markets-es.html")
        assert spanish in text_of(output, "es/regiones/america-latina/index.html")

    return check


def page_title(output: Path) -> None:
    page = output / "regions/latin-america/index.html"
    html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert html.title is not None
    assert html.title.get_text() == "Latin America | Co-op News"


def menus(output: Path) -> None:
    # "About, Regions, Organizations" on English pages, "About, Regiones, Organizaciones" ...
    assert menu(output, "food-markets.html")[:3] == ["About", "Regions", "Organizations"]
    assert menu(output, "food-markets-es.html")[:3] == ["About", "Regiones", "Organizaciones"]


def path_metadata(output: Path) -> None:
    assert "commune.html" in listed_on(output, "regions/venezuela/index.html")
    assert "som-energia-europe.html" in listed_on(output, "organizations/som-energia/index.html")


def subsite_menu(output: Path) -> None:
    written(
        "regions/latin-america/index.html",
        "es/regiones/america-latina/index.html",
        "es/organizaciones/cecosesola/index.html",
    )(output)
    assert not (output / "es/regions").exists()
    assert menu(output, "es/regiones/america-latina/index.html")[:2] == [
        "Regiones",
        "Organizaciones",
    ]


def site_words(output: Path) -> None:
    """The site's own Spanish "Articles"; English and the plugin's other Spanish words kept."""

    def heading(path: str) -> str:
        html = BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")
        found = html.select_one("h2.coopregions-articles-heading")
        assert found is not None, path
        return found.get_text()

    assert heading("es/regiones/america-latina/index.html") == "Noticias"
    assert heading("es/organizaciones/cecosesola/index.html") == "Noticias"
    assert heading("regions/latin-america/index.html") == "Articles"
    assert "En esta región" in text_of(output, "es/regiones/america-latina/index.html")


@dataclass(frozen=True)
class Settings:
    """How to build one settings example: added to BASE_SETTINGS after ``before``, with the
    tutorial's articles and data files and ``files``; ``check`` reads the output folder.
    ``doc_files`` are files written from other blocks of the same doc: path -> needle."""

    doc: str
    needle: str
    check: Callable[[Path], None]
    before: str = ""
    files: dict[str, str] = field(default_factory=dict)
    doc_files: dict[str, str] = field(default_factory=dict)


SETTINGS = [
    Settings(
        "README.md",
        "# the languages that get region pages",
        written(
            "regions/latin-america/index.html",
            "es/regiones/latinoamerica/index.html",  # CLDR's name: no regions file here
            "organizations/cecosesola/index.html",
            "es/organizaciones/cecosesola/index.html",
        ),
    ),
    Settings(
        "docs/usage.md",
        'COOPREGIONS_LANGUAGES = ["en", "es"]  # optional',
        written(
            "regions/latin-america/index.html",
            "es/regiones/america-latina/index.html",  # renamed by the regions file
            "organizations/som-energia/index.html",
        ),
    ),
    Settings(
        "docs/dates.md",
        '{"en": "medium", "es": "d \'de\' MMMM \'de\' y", "default": "long"}',
        dates("Feb 16, 2023", "16 de febrero de 2023"),
        before=PLUGIN,
    ),
    Settings(
        "docs/dates.md",
        "# instead of DATE_FORMATS",
        dates("February 16, 2023", "16 de febrero de 2023"),
        before=PLUGIN,
    ),
    Settings(
        "docs/settings.md",
        "COOPREGIONS_URL_WORDS = {",
        written(
            "de/regionen/index.html",
            "de/organisationen/cecosesola/index.html",
            "fr/regions/index.html",  # "a language it leaves out keeps its built-in words"
            "fr/cooperatives/cecosesola/index.html",
        ),
        before=PLUGIN + 'COOPREGIONS_LANGUAGES = ["en", "de", "fr"]\n',
        files={
            "content/food-markets-de.md": translation("de", "Wochenmärkte"),
            "content/food-markets-fr.md": translation("fr", "Marchés hebdomadaires"),
        },
    ),
    Settings("docs/theming.md", "COOPREGIONS_PAGE_TITLE", page_title, before=PLUGIN),
    Settings(
        "docs/theming.md",
        'MENUITEMS = [("About", "/pages/about.html")]',
        menus,
        before=PLUGIN,
        files={"content/pages/about.md": "Title: About\n\nAbout us.\n"},
    ),
    Settings(
        "docs/usage.md",
        "EXTRA_PATH_METADATA = {",
        path_metadata,
        before=PLUGIN,
        files={
            "content/venezuela/commune.md": "Title: Commune\nDate: 2024-01-01\n\nText.\n",
            "content/europe/som-energia.md": (
                "Title: Som Energia in Europe\nDate: 2024-01-01\nSlug: som-energia-europe\n\n.\n"
            ),
        },
    ),
    Settings(
        "docs/usage.md",
        'PLUGINS = ["i18n_subsites", "pelican_coopregions"]',
        subsite_menu,
        before=DATA_FILES,
    ),
    Settings(
        "docs/translating.md",
        'COOPREGIONS_TRANSLATIONS = "translations"',
        site_words,
        before=PLUGIN,
        files={"content/food-markets-es.md": translation("es", "Mercados semanales")},
        doc_files={"translations/es/LC_MESSAGES/pelican_coopregions.po": 'msgstr "Noticias"'},
    ),
    Settings(
        "docs/usage.md",
        '"REGION_URL": "lugares/{slug}/"',
        written("es/lugares/america-latina/index.html", "es/cooperativas/cecosesola/index.html"),
        before=DATA_FILES + SUBSITES,
    ),
]


@pytest.fixture(scope="module")
def tutorial_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tutorial's articles and data files (its settings file left out)."""
    folder = tmp_path_factory.mktemp("tutorial")
    write_tutorial_site(folder)
    (folder / "pelicanconf.py").unlink()
    return folder


@pytest.mark.parametrize("example", SETTINGS, ids=lambda s: f"{s.doc}:{s.needle[:30]}")
def test_settings_example(example: Settings, tutorial_content: Path, tmp_path: Path) -> None:
    block = the_block(example.doc, example.needle)
    site = Path(shutil.copytree(tutorial_content, tmp_path / "site"))
    doc_texts = {
        name: any_block(example.doc, needle).text for name, needle in example.doc_files.items()
    }
    for name, text in {**example.files, **doc_texts}.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    settings_file = site / "pelicanconf.py"
    settings_file.write_text(BASE_SETTINGS + example.before + block.text, encoding="utf-8")
    output = site / "output"
    override = {"OUTPUT_PATH": str(output), "CACHE_CONTENT": False, "LOAD_CONTENT_CACHE": False}
    build_alone(override, settings_file=settings_file)  # i18n_subsites leaves nothing behind
    example.check(output)


# Doctests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("block", runnable("pycon"), ids=str)
def test_doctest(block: Block, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT / "example_site")
    test = doctest.DocTestParser().get_doctest(block.text, {}, str(block), block.doc, block.line)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    report: list[str] = []
    runner.run(test, out=report.append)
    assert runner.failures == 0, "".join(report)
    assert runner.tries > 0


# Property tests -------------------------------------------------------------------------------

# (doc, text in the block): a site's own test file, run with pytest in a copy of the example
# site's folder (its data files).
PROPERTY_TESTS = [("docs/testing.md", "def test_every_country_is_found_however_it_is_written")]


@pytest.mark.slow
@pytest.mark.parametrize(("doc", "needle"), PROPERTY_TESTS)
def test_property_test_example_passes(doc: str, needle: str, tmp_path: Path) -> None:
    block = the_block(doc, needle)
    site = tmp_path / "site"
    shutil.copytree(ROOT / "example_site" / "data", site / "data")
    (site / "test_metadata.py").write_text(block.text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_metadata.py"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


# Shell examples ------------------------------------------------------------------------------


def cli_site(folder: Path) -> Path:
    """tests/fixtures/cli/site: a small, clean bilingual site."""
    return Path(shutil.copytree(FIXTURES / "cli" / "site", folder / "site"))


def broken_cli_site(folder: Path) -> Path:
    """The same site with the mistakes of tests/fixtures/cli/broken and an undated article."""
    site = cli_site(folder)
    for article in (FIXTURES / "cli" / "broken").iterdir():
        shutil.copy(article, site / "content" / article.name)
    (site / "content" / "undated.md").write_text("Title: Undated\n\nNo date.\n", encoding="utf-8")
    return site


def example_site(folder: Path) -> Path:
    """The example site (the commands run on it write nothing)."""
    return ROOT / "example_site"


def tagging_site(folder: Path) -> Path:
    """tests/fixtures/tagging/site: articles in Markdown, reST and HTML that name no place."""
    return Path(shutil.copytree(FIXTURES / "tagging" / "site", folder / "site"))


def checkout(folder: Path) -> Path:
    """The part of a checkout translating.md's commands use: the catalogs and the Babel that
    ``make messages`` installs (``.venv/messages``, here the test environment's)."""
    locale = Path("src/pelican_coopregions/locale")
    shutil.copytree(ROOT / locale, folder / locale)
    (folder / ".venv").mkdir()
    (folder / ".venv" / "messages").symlink_to(Path(sys.executable).parent.parent)
    return folder


PYBABEL_INIT = (
    ".venv/messages/bin/pybabel init -i src/pelican_coopregions/locale/pelican_coopregions.pot"
)
# (doc, the block's first line) -> the folder its commands run in.
SHELL_SITES: dict[tuple[str, str], Callable[[Path], Path]] = {
    ("README.md", "coopregions check"): cli_site,
    ("docs/cli.md", "$ coopregions check"): broken_cli_site,
    ("docs/cli.md", "$ coopregions regions"): example_site,
    ("docs/cli.md", '$ coopregions regions --names "Republic of Korea"'): example_site,
    ("docs/metadata.md", "$ coopregions regions --names Burma"): cli_site,
    ("docs/translating.md", PYBABEL_INIT): checkout,
    ("docs/tagging.md", "$ coopregions tag"): tagging_site,
}


def first_line(block: Block) -> str:
    return block.text.splitlines()[0].split("  #")[0].rstrip(" \\")


def transcript(block: Block) -> list[tuple[str, str]]:
    """A console block's commands (after ``$ ``), each with the output shown below it."""
    steps: list[tuple[str, list[str]]] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            assert steps, f"{block}: output before any command"
            steps[-1][1].append(line)
    return [(command, "\n".join(output)) for command, output in steps]


@pytest.mark.parametrize("block", runnable("console"), ids=str)
def test_console_example_shows_what_the_command_prints(block: Block, tmp_path: Path) -> None:
    site = SHELL_SITES[(block.doc, first_line(block))](tmp_path)
    for command, shown in transcript(block):
        result = run_shell(command, site)
        printed = result.stdout + result.stderr
        assert shows(shown, printed), f"{block}: $ {command}\n{printed}"


def test_readme_commands_run(tmp_path: Path) -> None:
    block = the_block("README.md", "coopregions check")
    site = SHELL_SITES[(block.doc, first_line(block))](tmp_path)
    result = run_shell(block.text, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems (5 articles checked)" in result.stdout
    assert "World" in result.stdout  # the region tree
    assert result.stdout.rstrip().rsplit("\n", 1)[-1].startswith("coopregions ")  # --version


def test_a_new_catalog_is_created_as_translating_md_says(tmp_path: Path) -> None:
    block = the_block("docs/translating.md", ".venv/messages/bin/pybabel init")
    folder = SHELL_SITES[(block.doc, first_line(block))](tmp_path)
    result = run_shell(block.text, folder)
    assert result.returncode == 0, result.stderr
    locale = folder / "src/pelican_coopregions/locale"
    catalog = read_catalog(locale / "it/LC_MESSAGES/pelican_coopregions.po")
    template = read_catalog(locale / "pelican_coopregions.pot")
    assert catalog.locale is not None and str(catalog.locale) == "it"
    assert [m.id for m in catalog if m.id] == [m.id for m in template if m.id]


def read_catalog(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


# Every example is accounted for -------------------------------------------------------------


def runs_here(block: Block) -> bool:
    if block.language == "pycon" or block.doc == RUN_BY_THE_TUTORIAL_TEST:
        return True
    if block.language in PYTHON:
        return any(s.doc == block.doc and s.needle in block.text for s in SETTINGS) or any(
            doc == block.doc and needle in block.text for doc, needle in PROPERTY_TESTS
        )
    return (block.doc, first_line(block)) in SHELL_SITES


def test_every_example_runs_or_is_illustrative() -> None:
    unaccounted = [str(b) for b in EXAMPLES if not b.illustrative and not runs_here(b)]
    assert unaccounted == [], (
        "run these examples in tests/test_docs_examples.py, or mark them ```python "
        "illustrative (docs/architecture.md says how)"
    )


def test_every_runner_finds_its_example() -> None:
    for example in SETTINGS:
        assert not the_block(example.doc, example.needle).illustrative
    for doc, first in SHELL_SITES:
        found = [b for b in EXAMPLES if b.doc == doc and first_line(b) == first]
        assert len(found) == 1 and not found[0].illustrative, (doc, first)
    shell_tests = {("README.md", "coopregions check"), ("docs/translating.md", PYBABEL_INIT)}
    console = {(b.doc, first_line(b)) for b in runnable("console")}
    assert set(SHELL_SITES) == console | shell_tests


def test_a_shell_session_is_marked_console() -> None:
    """A ```text block that starts with a prompt is a shell example, to be run or marked."""
    sessions = [str(b) for b in BLOCKS if b.language == "text" and b.text.startswith("$ ")]
    assert sessions == []


def test_markdown_blocks_have_a_language() -> None:
    """A block without a language cannot be told apart from an example: every one has one."""
    assert [str(b) for b in BLOCKS if not b.language] == []
