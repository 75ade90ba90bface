"""Index order follows the Unicode Collation Algorithm, with CLDR's Spanish tailoring."""

from __future__ import annotations

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
