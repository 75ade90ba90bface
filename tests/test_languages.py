"""The one language-code function: BCP 47 and POSIX spellings in, the nearest CLDR locale out."""

from __future__ import annotations

import pytest
from babel import localedata
from hypothesis import given
from hypothesis import strategies as st

from pelican_coopregions import Registry
from pelican_coopregions.core.languages import (
    babel_locale,
    cldr_tag,
    language_chain,
    language_name,
    language_tag,
    resolve,
    site_default,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("es", "es"),
        ("ES", "es"),
        (" es ", "es"),
        ("pt_BR", "pt-BR"),
        ("pt-br", "pt-BR"),
        ("es_419", "es-419"),
        ("zh_Hant", "zh-Hant"),
        ("zh-hant-tw", "zh-Hant-TW"),
        ("de_CH", "de-CH"),
        ("es_ES.UTF-8", "es-ES"),
        ("en_US.utf8", "en-US"),
        ("sr_RS@latin", "sr-Latn-RS"),
        ("ca_ES@valencia", "ca-ES"),
        ("de-CH-1996", "de-CH"),  # a variant CLDR has no data for: dropped
        ("es-XX", "es"),  # a region CLDR does not pair with Spanish: the language
        ("qu", "qu"),
        ("gn", "gn"),
        ("ht", "ht"),
    ],
)
def test_spellings_map_to_the_nearest_cldr_locale(written: str, expected: str) -> None:
    assert cldr_tag(written) == expected


@pytest.mark.parametrize(
    "written",
    [
        "es  ernet de las cosas",
        "xx",
        "cz",
        "tlh",
        "qaa",
        "C",
        "POSIX",
        "ay",  # Aymara, Nahuatl, Tzotzil, Yucatec Maya, Zapotec: not in CLDR's locales
        "nah",
        "tzo",
        "yua",
        "zap",
        "Spanish",
        "español",
        "es,en",
        "42",
        "",
        "root",
        "und",
    ],
)
def test_codes_cldr_lacks_and_garbage_have_no_locale(written: str) -> None:
    assert cldr_tag(written) is None
    assert resolve(written, "es") == "es"


def test_values_that_are_not_text_have_no_locale() -> None:
    assert cldr_tag(None) is None
    assert cldr_tag(42) is None
    assert cldr_tag(["es"]) is None


def test_site_default_falls_back_to_english() -> None:
    assert site_default("pt_BR") == "pt-BR"
    assert site_default("Spanish") == "en"
    assert site_default(None) == "en"


def test_language_chain_narrows_then_ends_in_english() -> None:
    assert language_chain("pt-BR") == ("pt-BR", "pt", "en")
    assert language_chain("zh_Hant_TW") == ("zh-Hant-TW", "zh-TW", "zh-Hant", "zh", "en")
    assert language_chain("en") == ("en",)
    assert language_chain("garbage here") == ("en",)


def test_language_chain_follows_cldr_parents_between_regions() -> None:
    """Mozambique and Angola write European Portuguese, Argentina Latin American Spanish."""
    assert language_chain("pt_MZ") == ("pt-MZ", "pt-PT", "pt", "en")
    assert language_chain("pt-AO", last=None) == ("pt-AO", "pt-PT", "pt")
    assert language_chain("es-AR") == ("es-AR", "es-419", "es", "en")
    world = Registry.default(languages=("pt-MZ",))
    assert world.region("IR").name("pt-MZ") == "Irão" == world.region("IR").name("pt-PT")
    assert world.region("IR").name("pt-BR") == "Irã"


def test_language_names_come_from_cldr() -> None:
    assert language_name("es", "es") == "español"
    assert language_name("en", "es") == "inglés"
    assert language_name("pt-BR", "pt-BR") == "português (Brasil)"
    assert language_name("yua", "en") == "yua"  # CLDR has no name: the code itself


@given(st.text(max_size=40))
def test_any_text_gives_a_locale_babel_can_load_or_none(text: str) -> None:
    tag = cldr_tag(text)
    if tag is not None:
        assert localedata.exists(tag.replace("-", "_"))
        assert babel_locale(tag).language == tag.split("-")[0]
    assert language_tag(text) is None or language_tag(language_tag(text)) == language_tag(text)
