"""docs/tutorial.md, done as a reader does it: from an empty folder, with the tutorial's own files
and commands (read from its code blocks, never copied here), checking every output it promises.

Steps 1 and 2 (a virtual environment, ``pip install``) are marked illustrative in the tutorial:
the test runs in the environment the suite already has, whose ``pelican`` and ``coopregions``
come first on PATH. The site is built once for the module, as step 6 says.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import run_shell, shows
from docblocks import Block
from tutorial_site import TUTORIAL, tutorial_blocks, write_tutorial_site

BLOCKS = tutorial_blocks()
SHELL = {"sh", "shell", "bash", "console"}
BUILD, CHECK, REGIONS = (
    "pelican content -s pelicanconf.py",
    "coopregions check",
    "coopregions regions",
)


def block(where: Callable[[Block], bool]) -> Block:
    """The one block of the tutorial ``where`` picks."""
    found = [candidate for candidate in BLOCKS if where(candidate)]
    assert len(found) == 1, f"{len(found)} blocks of docs/tutorial.md match"
    return found[0]


def command(text: str) -> Block:
    return block(lambda b: b.language in SHELL and b.text.strip() == text)


def output_after(shown: Block) -> str:
    """The ```text block right after ``shown``: the output the tutorial promises."""
    following = BLOCKS[BLOCKS.index(shown) + 1]
    assert following.language == "text", f"no output shown after {shown}"
    return following.text


def paragraph(starting: str) -> str:
    """The paragraph of the tutorial that starts with ``starting``, on one line."""
    text = TUTORIAL.read_text(encoding="utf-8")
    found = [p for p in text.split("\n\n") if p.startswith(starting)]
    assert len(found) == 1, starting
    return " ".join(found[0].split())


@pytest.fixture(scope="module")
def coop_news(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tutorial's folder after steps 3 to 5: its settings, data files and articles."""
    folder = tmp_path_factory.mktemp("coop-news")
    assert not any(folder.iterdir())
    written = write_tutorial_site(folder)
    assert written == [
        "content/food-markets-es.md",
        "content/food-markets.md",
        "content/som-energia-es.md",
        "content/som-energia.md",
        "data/organizations.toml",
        "data/regions.toml",
        "pelicanconf.py",
    ]
    return folder


@pytest.fixture(scope="module")
def built(coop_news: Path) -> Path:
    """Step 6: the build command, run in the tutorial's folder; its output must be as shown."""
    step = command(BUILD)
    result = run_shell(step.text, coop_news)
    assert result.returncode == 0, result.stdout + result.stderr
    expected = re.sub(r"in [\d.]+ seconds", "in ... seconds", output_after(step))
    assert shows(expected, result.stdout + result.stderr, wrapped=True), result.stdout
    return coop_news / "output"


def page(output: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((output / path).read_text(encoding="utf-8"), "html.parser")


def text_of(output: Path, path: str) -> str:
    return " ".join(page(output, path).get_text(" ").split())


def test_every_command_is_run_here_or_marked_illustrative() -> None:
    commands = {b.text.strip() for b in BLOCKS if b.language in SHELL and not b.illustrative}
    assert commands == {BUILD, CHECK, REGIONS}


def test_step_7_every_page_it_lists_is_written(built: Path) -> None:
    usual = re.findall(r"`([\w-]+\.html)`", paragraph("Besides Pelican's usual pages"))
    assert usual == ["index.html", "food-markets.html", "food-markets-es.html"]
    listed = [
        line.split()[0].removeprefix("output/")
        for line in block(lambda b: b.before == "`output/` now holds:").text.splitlines()
        if line.startswith("output/")
    ]
    assert len(listed) == 17
    for path in [*usual, *listed]:
        assert (built / path).is_file(), path
    # "Each region and organization page also has a feed.atom.xml next to it."
    for path in listed:
        if path.count("/") >= 2 + path.startswith("es/"):
            assert (built / path).with_name("feed.atom.xml").is_file(), path


def listed_on(output: Path, path: str) -> set[str]:
    """The articles a region or organization page lists, by file name."""
    return {a["href"].rsplit("/", 1)[-1] for a in page(output, path).select("article h3 a")}


def test_step_7_articles_are_listed_where_it_says(built: Path) -> None:
    food, energy = "food-markets.html", "som-energia.html"
    for region in ["latin-america", "venezuela", "south-america", "americas", "world"]:
        assert food in listed_on(built, f"regions/{region}/index.html"), region
    for region in ["spain", "southern-europe", "europe", "world"]:
        assert energy in listed_on(built, f"regions/{region}/index.html"), region
    assert energy not in listed_on(built, "regions/americas/index.html")
    assert food not in listed_on(built, "regions/europe/index.html")
    assert listed_on(built, "organizations/cecosesola/index.html") == {food}


def test_step_7_spanish_pages_are_in_spanish(built: Path) -> None:
    latin_america = "es/regiones/america-latina/index.html"
    text = text_of(built, latin_america)
    assert [h1.get_text() for h1 in page(built, latin_america).select("h1")][-1] == (
        "América Latina"
    )
    for words in ["Artículos", "En esta región", "Sudamérica", "16 de febrero de 2023"]:
        assert words in text, words
    assert listed_on(built, latin_america) == {"food-markets-es.html"}
    assert "España" in text_of(built, "es/regiones/espana/index.html")
    # "Each region page links to the same region in the other language."
    other = page(built, latin_america).select_one('a[hreflang="en"]')
    assert other is not None and other["href"] == "/regions/latin-america/"
    back = page(built, "regions/latin-america/index.html").select_one('a[hreflang="es"]')
    assert back is not None and back["href"] == "/es/regiones/america-latina/"


def menu(output: Path, path: str) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"]) for a in page(output, path).select("nav a")]


def test_step_7_every_menu_has_the_indexes_in_the_page_language(built: Path) -> None:
    english = [("Regions", "/regions/"), ("Organizations", "/organizations/")]
    spanish = [("Regiones", "/es/regiones/"), ("Organizaciones", "/es/organizaciones/")]
    for path in ["index.html", "food-markets.html", "regions/latin-america/index.html"]:
        assert menu(built, path)[:2] == english, path
    for path in ["food-markets-es.html", "es/regiones/america-latina/index.html"]:
        assert menu(built, path)[:2] == spanish, path


def test_step_7_theme_article_pages_show_localized_dates(built: Path) -> None:
    quoted = re.search(r'`food-markets-es.html` says "([^"]+)"', paragraph("The theme's own"))
    assert quoted is not None
    assert quoted[1] == "Published: 16 de febrero de 2023"
    assert quoted[1] in text_of(built, "food-markets-es.html")


def test_step_3_without_a_date_format_pages_keep_pelicans_pattern(
    coop_news: Path, tmp_path: Path
) -> None:
    quoted = re.findall(r'"(\w{3} 16 \w+ 2023)"', paragraph("Without `COOPREGIONS_DATE_FORMAT`"))
    assert quoted == ["Thu 16 February 2023", "jue 16 febrero 2023"]
    site = Path(shutil.copytree(coop_news, tmp_path / "coop-news", ignore=ignore_output))
    settings = site / "pelicanconf.py"
    lines = settings.read_text(encoding="utf-8").splitlines(keepends=True)
    settings.write_text(
        "".join(line for line in lines if not line.startswith("COOPREGIONS_DATE_FORMAT")),
        encoding="utf-8",
    )
    result = run_shell(BUILD, site)
    assert result.returncode == 0, result.stdout + result.stderr
    assert quoted[0] in text_of(site / "output", "food-markets.html")
    assert quoted[1] in text_of(site / "output", "food-markets-es.html")


def ignore_output(folder: str, names: list[str]) -> list[str]:
    return ["output"] if "output" in names else []


def test_step_9_check_finds_the_misspelling_and_then_passes(
    coop_news: Path, tmp_path: Path
) -> None:
    site = Path(shutil.copytree(coop_news, tmp_path / "coop-news", ignore=ignore_output))
    misspelt = block(lambda b: b.before.startswith("Misspell a region in"))
    named = re.search(r"`([\w./-]+)`", misspelt.before)
    assert named is not None
    article = site / named[1]
    original = article.read_text(encoding="utf-8")
    field = misspelt.text.split(":")[0] + ":"
    wrong = [
        misspelt.text if line.startswith(field) else line for line in original.splitlines(True)
    ]
    assert wrong != original.splitlines(True)
    article.write_text("".join(wrong), encoding="utf-8")

    # "A build now stops."
    build = run_shell(BUILD, site)
    assert build.returncode != 0
    assert "Latn America" in build.stdout + build.stderr

    check = command(CHECK)
    result = run_shell(check.text, site)
    assert result.returncode == 1
    assert shows(output_after(check), result.stdout + result.stderr), result.stdout

    article.write_text(original, encoding="utf-8")
    fixed = block(lambda b: b.before == "Fix the typo, and the check passes:")
    result = run_shell(check.text, site)
    assert result.returncode == 0
    assert shows(fixed.text, result.stdout + result.stderr), result.stdout


def test_step_9_region_tree(built: Path) -> None:
    step = command(REGIONS)
    result = run_shell(step.text, built.parent)
    assert result.returncode == 0, result.stderr
    assert shows(output_after(step), result.stdout + result.stderr), result.stdout
    # "`coopregions regions --lang es` shows the same tree with Spanish names."
    spanish = run_shell(f"{REGIONS} --lang es", built.parent).stdout.splitlines()
    english = result.stdout.splitlines()
    assert [len(line) - len(line.lstrip()) for line in spanish] == [
        len(line) - len(line.lstrip()) for line in english
    ]
    assert [line.split()[0] for line in spanish] == [
        "Mundo",
        "América",
        "América",
        "Sudamérica",
        "Venezuela",
        "Europa",
        "Europa",
        "España",
    ]
