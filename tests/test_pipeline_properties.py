"""Whole-pipeline property: random articles in, exactly the right (article, region) pairs out.

For random sets of stories (an article and its translations) with random metadata, known and
unknown values, drafts and translations, the pairs found on the written region pages must equal
the pairs computed here, independently, from the metadata and the M.49 hierarchy. Every page
written must be well-formed and every feed must parse as XML.

Each example is a full build (about a second), so a run tries 6 random sites: 60 found nothing
more (December 2026); a site that fails is to be kept as an ``@example``.
"""

from __future__ import annotations

import shutil
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build, write_article
from pelican_coopregions import Registry

REGIONS_TOML = """
[[region]]
slug = "andes"
name.en = "Andes"
name.es = "Región andina"
parent = "South America"
members = ["PE", "VE", "BO"]
"""
ORGANIZATIONS_TOML = """
[[organization]]
name = "Cecosesola"
country = "VE"

[[organization]]
name = "CoopCycle"
country = "FR"

[[organization]]
name = "Le Levier"
country = "HT"
"""
REGION_VALUES = ["Latin America", "Caribbean", "Western Europe", "Andes", "Atlantis"]
COUNTRY_VALUES = ["VE", "Perú", "HT", "FR", "de", "Narnia", "Latin America"]
ORGANIZATION_VALUES = ["Cecosesola", "CoopCycle", "le levier", "Acme Co-op"]


def registry_for(root: Path) -> Registry:
    return Registry.load(root / "regions.toml", root / "organizations.toml")


def containing(registry: Registry, slug: str) -> set[str]:
    """Every region containing ``slug``, walked here from parents and group members."""
    regions = {region.slug: region for region in registry.regions}
    groups = {r.slug: set(r.members) for r in registry.regions if r.members}
    found: set[str] = set()
    todo = [slug]
    while todo:
        current = todo.pop()
        ups = [regions[current].parent] if regions[current].parent else []
        ups += [group for group, members in groups.items() if current in members]
        for up in ups:
            if up not in found:
                found.add(up)
                todo.append(up)
    return found


@dataclass(frozen=True)
class Version:
    lang: str
    regions: tuple[str, ...]
    countries: tuple[str, ...]
    organizations: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    slug: str
    day: int
    draft: bool
    versions: tuple[Version, ...]


versions = st.builds(
    Version,
    lang=st.just("en"),
    regions=st.lists(st.sampled_from(REGION_VALUES), max_size=2).map(tuple),
    countries=st.lists(st.sampled_from(COUNTRY_VALUES), max_size=2).map(tuple),
    organizations=st.lists(st.sampled_from(ORGANIZATION_VALUES), max_size=2).map(tuple),
)


@st.composite
def stories(draw: st.DrawFn) -> list[Story]:
    count = draw(st.integers(min_value=1, max_value=6))
    result = []
    for number in range(count):
        languages = draw(st.sampled_from([("en",), ("es",), ("en", "es")]))
        story_versions = tuple(
            Version(
                lang,
                *(getattr(draw(versions), f) for f in ("regions", "countries", "organizations")),
            )
            for lang in languages
        )
        result.append(
            Story(f"story-{number}", draw(st.integers(1, 28)), draw(st.booleans()), story_versions)
        )
    return result


def write_story(content: Path, story: Story) -> None:
    for version in story.versions:
        lines = [
            f"Title: Story {story.slug} ({version.lang})",
            f"Date: 2023-02-{story.day:02d}",
            f"Slug: {story.slug}",
            f"Lang: {version.lang}",
            f"Summary: About {story.slug}.",
        ]
        if story.draft:
            lines.append("Status: draft")
        for field, values in (
            ("Regions", version.regions),
            ("Countries", version.countries),
            ("Organizations", version.organizations),
        ):
            if values:
                lines.append(f"{field}: {'; '.join(values)}")
        write_article(content, f"{story.slug}-{version.lang}.md", "\n".join(lines) + "\n\nBody.\n")


def expected_pairs(registry: Registry, all_stories: list[Story]) -> set[tuple[str, str]]:
    pairs = set()
    for story in all_stories:
        if story.draft:
            continue
        named: set[str] = set()
        for version in story.versions:
            for value in version.regions:
                if (region := registry.region_rule.index.get(value)) is not None:
                    named.add(region.slug)
            for value in version.countries:
                region = registry.region_rule.index.get(value)
                if region is not None and region.kind == "country":
                    named.add(region.slug)
            for value in version.organizations:
                organization = registry.organization_rule.index.get(value)
                if organization is not None and organization.country:
                    named.add(organization.country)
        for slug in set(named):
            named |= containing(registry, slug)
        pairs |= {(story.slug, slug) for slug in named}
    return pairs


def found_pairs(output: Path, registry: Registry) -> set[tuple[str, str]]:
    pairs = set()
    for region in registry.regions:
        folder = output / "regions" / region.slug
        for page in sorted(folder.glob("index*.html")):
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
            for link in soup.select("article.coopregions-entry h3 a"):
                story = Path(link["href"]).stem.removesuffix("-es")
                pairs.add((story, region.slug))
    return pairs


VOID = {"meta", "link", "br", "img", "input", "hr", "source", "wbr", "col", "area", "base"}


class WellFormed(HTMLParser):
    """Checks that every opened element is closed in order (void elements aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def check_output_parses(output: Path) -> None:
    for page in [*output.glob("regions/**/*.html"), *output.glob("es/regiones/**/*.html")]:
        parser = WellFormed()
        parser.feed(page.read_text(encoding="utf-8"))
        parser.close()
        assert parser.errors == [] and parser.stack == [], (page, parser.errors, parser.stack)
    for feed in output.rglob("*.xml"):
        ET.fromstring(feed.read_bytes())


@pytest.mark.slow
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(all_stories=stories(), pagination=st.sampled_from([False, 2]))
def test_pages_list_exactly_the_expected_pairs(
    all_stories: list[Story], pagination: int | bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "regions.toml").write_text(REGIONS_TOML, encoding="utf-8")
        (root / "organizations.toml").write_text(ORGANIZATIONS_TOML, encoding="utf-8")
        for story in all_stories:
            write_story(root / "content", story)
        (root / "content").mkdir(exist_ok=True)
        build(
            root,
            COOPREGIONS_STRICT=False,
            COOPREGIONS_REGIONS_FILE=str(root / "regions.toml"),
            COOPREGIONS_ORGANIZATIONS_FILE=str(root / "organizations.toml"),
            COOPREGIONS_LANGUAGES=["en", "es"],
            COOPREGIONS_INFER_FROM_ORGANIZATIONS=True,  # expected_pairs models it
            DEFAULT_PAGINATION=pagination,
            REGION_FEED_RSS="regions/{slug}/feed.rss.xml",
        )
        registry = registry_for(root)
        assert found_pairs(root / "output", registry) == expected_pairs(registry, all_stories)
        check_output_parses(root / "output")
        shutil.rmtree(root / "output")
