"""The pages' JSON-LD against schema.org's vocabulary (tests/fixtures/schemaorg): each property
on a type schema.org gives it to (its domain, or a subtype of one), each value of a type it
allows (its range: a node of that type or a subtype, or a literal of a data type the range
names), every URL absolute or from the site's root. Parsing as JSON would accept a
``ListItem`` with a ``datePublished`` of its own, which schema.org's validator flags."""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, Site, build, write_article

VOCABULARY = json.loads((FIXTURES / "schemaorg" / "vocabulary.json").read_text(encoding="utf-8"))
TYPES: dict[str, list[str]] = VOCABULARY["types"]
PROPERTIES: dict[str, dict[str, list[str]]] = VOCABULARY["properties"]
URL_FORM = re.compile(r"^(/|[a-z][a-z0-9+.-]*://)")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def ancestors(kind: str) -> set[str]:
    """``kind`` and every type it is a subclass of."""
    found, todo = set(), [kind]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo += TYPES.get(current, [])
    return found


def literal_fits(value: Any, allowed: list[str]) -> bool:
    """Whether a JSON literal is a value of one of the data types ``allowed`` names."""
    kinds = set().union(*(ancestors(kind) for kind in allowed)) | set(allowed)
    if isinstance(value, bool):
        return "Boolean" in kinds
    if isinstance(value, int):
        return bool({"Integer", "Number"} & set(allowed)) or "Text" in allowed
    if not isinstance(value, str):
        return False
    if "URL" in allowed and URL_FORM.match(value):
        return True
    if "Date" in allowed and ISO_DATE.match(value):  # ISO 8601, a year or month allowed
        return True
    if "DateTime" in allowed:
        try:
            datetime.datetime.fromisoformat(value)
        except ValueError:
            pass
        else:
            return True
    # Text, and its subtypes other than URL; a range of only URLs takes URLs only.
    return "Text" in allowed or ("Text" in kinds and "URL" not in allowed)


def problems(node: dict[str, Any], where: str = "$") -> Iterator[str]:
    kind = node.get("@type")
    if not isinstance(kind, str) or kind not in TYPES:
        yield f"{where}: @type {kind!r} is not a schema.org type this test knows"
        return
    for name, value in node.items():
        if name.startswith("@"):
            continue
        here = f"{where}.{name}"
        if name not in PROPERTIES:
            yield f"{here}: not a property of the vocabulary fixture"
            continue
        domain, allowed = PROPERTIES[name]["domain"], PROPERTIES[name]["range"]
        if not ancestors(kind) & set(domain):
            yield f"{here}: schema.org gives {name} to {domain}, not to a {kind}"
        for index, item in enumerate(value if isinstance(value, list) else [value]):
            at = f"{here}[{index}]" if isinstance(value, list) else here
            if isinstance(item, dict):
                if not ancestors(str(item.get("@type"))) & set(allowed):
                    yield f"{at}: a {item.get('@type')} where {name} takes {allowed}"
                yield from problems(item, at)
            elif not literal_fits(item, allowed):
                yield f"{at}: {item!r} is none of {allowed}"
        if name == "url" and not (isinstance(value, str) and URL_FORM.match(value)):
            yield f"{here}: {value!r} is neither absolute nor from the site's root"


def jsonld(site: Site, path: str) -> dict[str, Any]:
    soup = BeautifulSoup((site.output / path).read_text(encoding="utf-8"), "html.parser")
    (script,) = soup.select('script[type="application/ld+json"]')
    data: dict[str, Any] = json.loads(script.get_text())
    return data


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Site]:
    """Region, year and organization pages, with and without SITEURL."""
    built = {}
    for name, site_url in (("empty", ""), ("absolute", "https://news.example.org")):
        root = tmp_path_factory.mktemp(name)
        for number in (1, 2, 3):
            organizations = "Cecosesola, CSR" if number == 3 else "Cecosesola"
            write_article(
                root / "content",
                f"story{number}.md",
                f"Title: Story {number}\nDate: 202{number}-03-0{number}\nCountries: VE\n"
                f"Organizations: {organizations}\nSummary: A story.\n\nText.\n",
            )
        built[name] = build(
            root,
            SITEURL=site_url,
            DEFAULT_PAGINATION=2,
            COOPREGIONS_ORGANIZATIONS_FILE=str(FIXTURES / "data" / "organizations.toml"),
        )
    return built


PAGES = [
    "regions/venezuela/index.html",
    "regions/venezuela/index2.html",
    "regions/latin-america/index.html",
    "regions/venezuela/2022/index.html",
    "organizations/cecosesola/index.html",
    "organizations/ciclo-sur/index.html",  # an acronym, a website, a federation
]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("siteurl", ["empty", "absolute"])
def test_jsonld_follows_the_schema_org_vocabulary(
    sites: dict[str, Site], siteurl: str, page: str
) -> None:
    data = jsonld(sites[siteurl], page)
    assert data["@context"] == "https://schema.org"
    assert list(problems(data)) == []


def test_each_list_item_holds_its_article(sites: dict[str, Site]) -> None:
    """Date and language on the Article, positions across pages, URLs from the site's root
    when SITEURL is empty."""
    first = jsonld(sites["empty"], "regions/venezuela/index.html")
    second = jsonld(sites["empty"], "regions/venezuela/index2.html")
    items = first["mainEntity"]["itemListElement"] + second["mainEntity"]["itemListElement"]
    assert [item["position"] for item in items] == [1, 2, 3]
    assert [item["item"]["url"] for item in items] == [
        "/story-3.html",
        "/story-2.html",
        "/story-1.html",
    ]
    assert [item["item"]["datePublished"][:10] for item in items] == [
        "2023-03-03",
        "2022-03-02",
        "2021-03-01",
    ]
    assert {item["item"]["inLanguage"] for item in items} == {"en"}
    assert all(set(item) == {"@type", "position", "item"} for item in items)
    assert first["url"] == "/regions/venezuela/"
    absolute = jsonld(sites["absolute"], "regions/venezuela/index.html")
    assert absolute["mainEntity"]["itemListElement"][0]["item"]["url"] == (
        "https://news.example.org/story-3.html"
    )


def test_the_check_finds_what_schema_org_refuses() -> None:
    """The check itself: the old shape (date and language on the ListItem) and a relative URL
    are both reported."""
    old = {
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": 1,
                "url": "story.html",
                "name": "Story",
                "datePublished": "2023-02-16",
                "inLanguage": "en",
            }
        ],
    }
    found = list(problems(old))
    assert any("datePublished" in problem and "ListItem" in problem for problem in found)
    assert any("inLanguage" in problem for problem in found)
    assert any("'story.html'" in problem for problem in found)


def test_vocabulary_fixture_names_its_source() -> None:
    assert "release 30.0" in VOCABULARY["source"]
    assert Path(FIXTURES / "schemaorg" / "README.md").is_file()
