"""Look-up keys and slugs: what people type inconsistently must not matter."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pelican_coopregions.core.keys import SLUG_PATTERN, lookup_key, slugify

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@pytest.mark.parametrize(
    "text",
    ["Perú", "peru", "PERU", "PERÚ", "  Perú ", "\tperu\n", "Pe\u0301ru\u0301", "ＰＥＲＵ"],
)
def test_spellings_of_peru_share_one_key(text: str) -> None:
    assert lookup_key(text) == "peru"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Latin   America", "latin america"),
        ("Latin\u00a0America", "latin america"),
        ("Latin\t\nAmerica", "latin america"),
        ("  South  Georgia &  South Sandwich Islands ", "south georgia & south sandwich islands"),
        ("Côte d’Ivoire", "cote d'ivoire"),
        ("Côte d‘Ivoire", "cote d'ivoire"),
        ("cote d'ivoire", "cote d'ivoire"),
        ("Guinea‐Bissau", "guinea bissau"),
        ("Guinea-Bissau", "guinea bissau"),
        ("Timor–Leste", "timor leste"),
        ("latin-america", "latin america"),
        ("St. Lucia", "st lucia"),
        ("EE.UU.", "ee uu"),
        ("EE. UU.", "ee uu"),
        ("Congo - Kinshasa", "congo kinshasa"),
        ("Straße", "strasse"),
        ("Åland", "aland"),
        ("Curaçao", "curacao"),
        ("São Tomé & Príncipe", "sao tome & principe"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_lookup_key(text: str, key: str) -> None:
    assert lookup_key(text) == key


def test_ascii_and_unicode_paths_agree_on_ascii_text() -> None:
    # The ASCII fast path must give what the full path gives; a combining mark forces the latter.
    for text in ["Latin America", "  PE ", "St. Kitts & Nevis", "a\tb", "x\x1fy"]:
        assert lookup_key(text + "\u0301") == lookup_key(text)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Latin America", "latin-america"),
        ("Perú", "peru"),
        ("Côte d’Ivoire", "cote-d-ivoire"),
        ("St. Kitts & Nevis", "st-kitts-nevis"),
        ("Cocos (Keeling) Islands", "cocos-keeling-islands"),
        ("  --Andes--  ", "andes"),
        ("Région   Andina", "region-andina"),
        ("Sub-Saharan Africa", "sub-saharan-africa"),
        ("1st of May Cooperative", "1st-of-may-cooperative"),
        ("", ""),
        ("!!!", ""),
        ("中国", ""),
    ],
)
def test_slugify(text: str, slug: str) -> None:
    assert slugify(text) == slug
    assert slug == "" or SLUG.match(slug)


def test_slug_pattern_is_the_documented_one() -> None:
    for good in ["peru", "latin-america", "a1-b2-3"]:
        assert SLUG_PATTERN.fullmatch(good)
    for bad in ["", "Peru", "-peru", "peru-", "latin--america", "latin_america", "perú", "a b"]:
        assert not SLUG_PATTERN.fullmatch(bad)


# Properties ------------------------------------------------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=60)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_lookup_key_is_idempotent(text: str) -> None:
    key = lookup_key(text)
    assert lookup_key(key) == key
    assert key == key.strip()
    assert "  " not in key


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT, st.text(alphabet=" \t\n\r\u00a0\u2003\u3000", max_size=4))
def test_lookup_key_ignores_case_and_surrounding_space(text: str, space: str) -> None:
    assert lookup_key(space + text.casefold() + space) == lookup_key(text)
