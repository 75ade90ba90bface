"""Write data/collation-latin.txt: the entries of pyuca's collation table (DUCET) whose
characters are all Latin letters, combining accents, digits, spaces and punctuation.

Sorting a name needs the table's entries for its own characters only. The whole table (30,000
lines) takes about 0.2 s to load; this part of it a hundredth of that, and gives the very
same sort keys for every name written in those characters: any entry of the whole table that
could match such a name is made of its characters, so it is in this part too
(``core/sorting.py``; tests/test_sorting.py compares both tables on every shipped name).

Run by ``make data`` after a pyuca upgrade.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from pyuca import Collator

from pelican_coopregions.core.sorting import COVERED

TARGET = Path(__file__).parents[1] / "src" / "pelican_coopregions" / "data" / "collation-latin.txt"


def latin_table() -> str:
    """The text of data/collation-latin.txt, from the installed pyuca's table."""
    source = Path(str(files("pyuca") / f"allkeys-{Collator.UCA_VERSION}.txt"))
    kept = [
        f"# The entries of pyuca's allkeys-{Collator.UCA_VERSION}.txt (Unicode's DUCET) made",
        "# of Latin letters, combining accents, digits, spaces and punctuation only; written",
        "# by scripts/generate_collation.py. Modified from Unicode data: LICENSES/Unicode-DFS.txt.",
    ]
    for line in source.read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry.startswith("@version"):
            kept.append(entry)
            continue
        if not entry or entry.startswith("@"):
            continue
        codes = entry.split(";", 1)[0].split()
        if all(int(code, 16) in COVERED for code in codes):
            kept.append(entry)
    return "\n".join(kept) + "\n"


def main() -> None:
    text = latin_table()
    TARGET.write_text(text, encoding="utf-8")
    print(f"{TARGET}: {len(text.splitlines())} lines")


if __name__ == "__main__":
    main()
