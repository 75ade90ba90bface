"""What README.md and docs/ quote agrees with what exists: every link to an anchor finds a
heading, every figure quoted from the build (the number of the plugin's messages) is the
build's, and every address quoted for the default settings is one a build with the default
settings writes.

The code blocks are tested elsewhere (tests/test_docs_examples.py); this reads the prose, with
the same CommonMark parser (markdown-it-py, as scripts/docblocks.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from markdown_it import MarkdownIt
from markdown_it.token import Token

from conftest import FIXTURES, build, write_article
from pelican_coopregions.pelican.url_words import builtin_url_words

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# README.md links to the docs on GitHub, so that the links work on PyPI too.
REPOSITORY = "https://github.com/pelican-coopregions/pelican-coopregions/blob/main/"
POT = ROOT / "src" / "pelican_coopregions" / "locale" / "pelican_coopregions.pot"


def name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def tokens(path: Path) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(path.read_text(encoding="utf-8"))


def inline_text(token: Token) -> str:
    """The text of an inline token as it reads: code spans keep their content, line breaks
    are spaces."""
    return "".join(
        " " if child.type in ("softbreak", "hardbreak") else child.content
        for child in token.children or ()
    )


# Anchors --------------------------------------------------------------------------------------


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """The anchors of a document: its headings' (a repeated one gets -1, -2...)."""
    found: set[str] = set()
    seen: dict[str, int] = {}
    parsed = tokens(path)
    for index, token in enumerate(parsed):
        if token.type == "heading_open":
            base = slug(inline_text(parsed[index + 1]))
            count = seen.get(base, 0)
            seen[base] = count + 1
            found.add(base if count == 0 else f"{base}-{count}")
    return found


@dataclass(frozen=True)
class Link:
    doc: Path
    line: int
    target: Path
    anchor: str

    def __str__(self) -> str:
        return f"{name(self.doc)}:{self.line}: #{self.anchor} in {name(self.target)}"


def links_to_anchors(doc: Path) -> Iterator[Link]:
    """Links from ``doc`` to an anchor of one of the project's documents."""
    for token in tokens(doc):
        if token.type != "inline":
            continue
        line = (token.map or [0])[0] + 1
        for child in token.children or ():
            href = str(child.attrs.get("href", "")) if child.type == "link_open" else ""
            if "#" not in href:
                continue
            address, anchor = href.split("#", 1)
            if address.startswith(REPOSITORY):
                target = ROOT / address.removeprefix(REPOSITORY)
            elif address == "":
                target = doc
            elif "://" in address or not address.endswith(".md"):
                continue
            else:
                target = (doc.parent / address).resolve()
            yield Link(doc, line, target, anchor)


LINKS = [link for doc in DOCS for link in links_to_anchors(doc)]


def test_the_docs_link_to_anchors() -> None:
    assert len(LINKS) > 20  # the reader found them


def test_every_linked_anchor_exists() -> None:
    missing = [str(link) for link in LINKS if link.anchor not in anchors(link.target)]
    assert missing == []


def test_a_wrong_anchor_is_found(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text("# Costs\n\n## What a setting costs\n\nSee [here](#what-it-costs).\n")
    (link,) = links_to_anchors(doc)
    assert anchors(doc) == {"costs", "what-a-setting-costs"}
    assert link.anchor not in anchors(link.target)


# Figures --------------------------------------------------------------------------------------


MESSAGE_COUNT = re.compile(r"\b(\d+) of (\d+) messages\b")


def test_message_counts_quoted_are_the_catalogs() -> None:
    """``make messages`` prints "N of N messages (100%) translated" per catalog: N is the
    number of the plugin's messages, as many as its template (.pot) has."""
    with POT.open("rb") as handle:
        messages = len(read_po(handle))
    quoted = [
        (name(doc), match.group(0))
        for doc in DOCS
        for match in MESSAGE_COUNT.finditer(doc.read_text(encoding="utf-8"))
    ]
    assert quoted, "translating.md quotes the count"
    wrong = [(doc, text) for doc, text in quoted if text != f"{messages} of {messages} messages"]
    assert wrong == []


# Addresses ------------------------------------------------------------------------------------

LANG_FOLDER = r"(?:[a-z]{2}(?:-[a-z]+)?/)?"
WORDS = sorted({word for words in builtin_url_words().values() for word in words.values()})
ADDRESS = re.compile(rf"^{LANG_FOLDER}(?:{'|'.join(WORDS)})/[\w./-]*$")
# How the docs introduce what a build with the default settings writes.
DEFAULTS = re.compile(r"\bwith\s+the\s+defaults\b|\(the default\)|\bDEFAULT_LANG = ", re.I)


@dataclass(frozen=True)
class Quoted:
    doc: Path
    line: int
    address: str

    def __str__(self) -> str:
        return f"{name(self.doc)}:{self.line}: {self.address}"


def quoted_for_the_defaults(doc: Path) -> Iterator[Quoted]:
    """The addresses a paragraph or list item quotes when it says what the defaults write
    ("With the defaults", "(the default)", "DEFAULT_LANG = ..."), and those of the table
    right after such a paragraph: code spans such as ``es/regiones/latinoamerica/``."""
    parsed = tokens(doc)
    in_table = False
    defaults_before = False
    for token in parsed:
        if token.type == "table_open":
            in_table = defaults_before
        elif token.type == "table_close":
            in_table = False
        if token.type != "inline":
            continue
        text = inline_text(token)
        speaks = bool(DEFAULTS.search(text)) or in_table
        if not in_table:
            defaults_before = bool(DEFAULTS.search(text))
        if not speaks:
            continue
        for child in token.children or ():
            address = child.content
            if child.type == "code_inline" and ADDRESS.match(address) and "..." not in address:
                yield Quoted(doc, (token.map or [0])[0] + 1, address)


STORIES = [
    ("en", "Cooperatives in Lara", "Coops"),
    ("es", "Cooperativas en Lara", "Coops"),
    ("pt", "Cooperativas em Lara", "Coops"),
    ("fr", "Coopératives à Lara", "Coops"),
]
DATES = ("2022-03-01", "2023-01-10", "2023-05-20")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """Every page two builds with the default URL settings write (English first, then
    Spanish first): stories about Venezuela naming Cecosesola in four languages, three years,
    two to a page so that the region's listing has a page 2."""
    pages: set[str] = set()
    for default_lang in ("en", "es"):
        root = tmp_path_factory.mktemp(f"defaults-{default_lang}")
        for lang, title, _ in STORIES:
            for number, date in enumerate(DATES, start=1):
                write_article(
                    root / "content",
                    f"story{number}-{lang}.md",
                    f"Title: {title} {number}\nDate: {date}\nSlug: story{number}\nLang: {lang}\n"
                    "Countries: VE\nOrganizations: Cecosesola\n\nText.\n",
                )
        site = build(
            root,
            DEFAULT_LANG=default_lang,
            DEFAULT_PAGINATION=2,
            COOPREGIONS_ORGANIZATIONS_FILE=str(FIXTURES / "data" / "organizations.toml"),
        )
        pages |= site.files()
    return pages


def writes(pages: set[str], address: str) -> bool:
    """Whether a build wrote the page at ``address`` (a folder stands for its index.html)."""
    return (address + "index.html" if address.endswith("/") else address) in pages


QUOTED = [quoted for doc in DOCS for quoted in quoted_for_the_defaults(doc)]


def test_the_docs_quote_addresses_for_the_defaults() -> None:
    assert len(QUOTED) > 20  # the reader found the table of docs/usage.md and others


def test_every_address_quoted_for_the_defaults_is_written(written: set[str]) -> None:
    assert [str(quoted) for quoted in QUOTED if not writes(written, quoted.address)] == []


def test_a_wrong_address_is_found(written: set[str], tmp_path: Path) -> None:
    """The defaults' Spanish Latin America is CLDR's "Latinoamérica", not "América Latina"."""
    doc = tmp_path / "a.md"
    doc.write_text(
        "With the defaults the pages are `regions/latin-america/` and "
        "`es/regiones/america-latina/`.\n"
    )
    found = {
        quoted.address: writes(written, quoted.address) for quoted in quoted_for_the_defaults(doc)
    }
    assert found == {"regions/latin-america/": True, "es/regiones/america-latina/": False}
