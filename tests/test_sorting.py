"""Index order follows the Unicode Collation Algorithm, with CLDR's Spanish tailoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from pelican_coopregions.core import sorting
from pelican_coopregions.core.sorting import Collation

NAMES = ["Zambia", "Ñandú", "Nueva Zelanda", "Omán", "Ángola", "Angola", "Ecuador", "Égypte"]


def test_accented_names_sort_with_their_base_letter() -> None:
    collation = Collation()
    ordered = sorted(NAMES, key=lambda name: collation.key(name, "en"))
    assert ordered.index("Ángola") == ordered.index("Angola") + 1
    assert ordered.index("Égypte") == ordered.index("Ecuador") + 1
    assert ordered[-1] == "Zambia"  # not after it, as code-point order would put "Á" and "É"


def test_spanish_puts_enye_after_every_n() -> None:
    collation = Collation()
    spanish = sorted(NAMES, key=lambda name: collation.key(name, "es"))
    assert spanish.index("Nueva Zelanda") < spanish.index("Ñandú") < spanish.index("Omán")
    english = sorted(NAMES, key=lambda name: collation.key(name, "en"))
    assert english.index("Ñandú") < english.index("Nueva Zelanda")  # DUCET: ñ is n + accent


def test_prepared_keys_are_the_keys_computed_on_demand() -> None:
    prepared, on_demand = Collation(), Collation()
    prepared.prepare((name, "es") for name in NAMES)
    assert [prepared.key(n, "es") for n in NAMES] == [on_demand.key(n, "es") for n in NAMES]


def test_keys_saved_by_one_build_spare_the_next_the_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = [("Ñandú", "es"), ("Omán", "es"), ("Zambia", "en"), ("Ángola", "en")]
    first = Collation()
    first.prepare(names)
    path = tmp_path / "cache" / "keys.pickle"
    first.save(path)

    def no_table() -> None:
        raise AssertionError("the collation table was loaded")

    monkeypatch.setattr(sorting, "Collator", no_table)
    second = Collation()
    assert second.load(path) == len(names)
    assert [second.key(text, lang) for text, lang in names] == [
        first.key(text, lang) for text, lang in names
    ]
    path.write_bytes(b"not a pickle")
    assert Collation().load(path) == 0  # computed again, no error
