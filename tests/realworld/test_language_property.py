"""Property: whatever ``Lang`` and ``DEFAULT_LANG`` say, the plugin publishes what Pelican does.

Each example is two full builds of a small site (with the plugin, and with ``PLUGINS = []``),
so there are few examples: the ``@example`` cases (what earlier runs found) and 5 random ones
(40 found nothing more, December 2026). The strategies favour what real sites write: POSIX
locale names, BCP 47 tags, words, lists, control characters, and then anything at all.
"""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st
from pelican.readers import MarkdownReader
from pelican.settings import DEFAULT_CONFIG

from conftest import build
from pelican_coopregions.core.languages import cldr_tag, site_default
from realworld.language_sites import (
    PLUGIN_FOLDERS,
    Builds,
    article,
    assert_publishes_what_pelican_publishes,
    build_plain,
    listed_titles,
    write,
)

LANGUAGES = ["es", "en", "pt", "fr", "de", "sr", "zh", "qu", "gn", "yua", "nah", "xx", "tlh"]
POSIX = st.builds(
    "{}_{}{}{}".format,
    st.sampled_from(LANGUAGES),
    st.sampled_from(["BR", "AR", "ES", "MX", "XX", "419", "RS", "TW"]),
    st.sampled_from(["", ".UTF-8", ".utf8", ".ISO-8859-1"]),
    st.sampled_from(["", "@latin", "@euro", "@valencia"]),
)
BCP47 = st.from_regex(r"[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|[0-9]{3}))?(-[a-z0-9]{5,8})?")
WORDS = st.sampled_from(
    ["Spanish", "español", "Deutsch", "C", "POSIX", "root", "und", "C.UTF-8", "42"]
)
LISTS = st.lists(st.sampled_from(["es", "en", "pt_BR", "yua"]), min_size=2, max_size=3).flatmap(
    lambda codes: st.sampled_from([",", ", ", ";", " "]).map(lambda sep: sep.join(codes))
)


def one_line(text: str) -> str:
    """A line break ends a Markdown field: what follows it is no part of ``Lang`` (the
    property compares with the value as written, so it keeps the rest of the line)."""
    return "".join(text.splitlines())


CONTROLS = st.builds(
    str.__add__,
    st.sampled_from(["es", "pt_BR", ""]),
    st.text(st.characters(categories=["Cc"]), min_size=1, max_size=3).map(one_line),
)
ANYTHING = st.text(max_size=12).map(one_line)
LANG = st.one_of(POSIX, BCP47, WORDS, LISTS, CONTROLS, ANYTHING, st.just(""))
# DEFAULT_LANG is a setting: no line breaks to survive, but anything else.
DEFAULT_LANG = st.one_of(POSIX, BCP47, WORDS, st.text(string.printable, max_size=8))


def read_langs(root: Path) -> list[str]:
    """Each article's ``Lang`` as Pelican read it: Markdown drops some characters (its
    placeholders STX and ETX) and a line break ends the value."""
    reader = MarkdownReader(DEFAULT_CONFIG)
    return [
        str(reader.read(str(path))[1].get("lang", ""))
        for path in sorted((root / "content").glob("*.md"))
    ]


def world_page(builds: Builds) -> str:
    """The default-language World page, found by its M.49 code in the JSON-LD."""
    for path in sorted(builds.plugin_files()):
        folder = path.split("/")[0]
        if folder in PLUGIN_FOLDERS and path.endswith("/index.html") and path.count("/") == 2:
            data = json.loads(
                builds.site.html(path).select_one('script[type="application/ld+json"]').string
            )
            if data["about"].get("identifier") == "001":
                return path
    raise AssertionError("no default-language World page")


@pytest.mark.slow
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(langs=["es  ernet de las cosas", "yua", "pt_BR", "es,en"], default_lang="es")
@example(langs=["", "C", "es_ES.UTF-8", "Spanish"], default_lang="pt_BR")
@example(langs=["\r0", "es_BR", "es_BR", "es_BR@latin"], default_lang="es_BR")
@example(langs=["es_BR", "%ßÇ\rÿ~AA\x1f", "es_BR", "es_BR.UTF-8"], default_lang="es_BR")
@example(langs=["", "Spanish", "es\x03", "es_BR"], default_lang="Spanish")
@given(langs=st.lists(LANG, min_size=4, max_size=4), default_lang=DEFAULT_LANG)
def test_any_language_publishes_what_pelican_publishes(
    tmp_path_factory: pytest.TempPathFactory, langs: list[str], default_lang: str
) -> None:
    root: Path = tmp_path_factory.mktemp("languages")
    one, two, three, four = langs
    # Three stories, one of them in two versions (same slug), all in Venezuela. ``Lang`` comes
    # last: a line break in it ("\r0") ends Markdown's metadata block, as it would on any site.
    write(
        root,
        [
            article("one.md", "One", "2023-01-01", Slug="one", Countries="VE", Lang=one),
            article("two.md", "Two", "2023-01-02", Slug="two", Countries="VE", Lang=two),
            article("three.md", "Three", "2023-01-03", Slug="pair", Countries="VE", Lang=three),
            article("four.md", "Four", "2023-01-04", Slug="pair", Countries="VE", Lang=four),
        ],
    )
    try:
        plain = build_plain(root, DEFAULT_LANG=default_lang)
    except Exception:
        reject()  # only what Pelican alone builds is a fair question
    builds = Builds(build(root, DEFAULT_LANG=default_lang), plain)
    assert_publishes_what_pelican_publishes(builds)
    fallback = site_default(default_lang)
    known = {cldr_tag(lang) or fallback for lang in read_langs(root)} - {fallback}
    assert builds.language_folders() <= known
    titles = listed_titles(builds.site.html(world_page(builds)))
    assert len(titles) == 3  # each story once, whatever its versions' languages
    assert {"One", "Two"} <= set(titles)
    assert len({"Three", "Four"} & set(titles)) == 1
