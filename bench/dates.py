"""Benchmark ``article.locale_date`` from a site's Pelican date format (not a test).

The plugin writes a Pelican strftime format (``"%a %d %B %Y"``) with CLDR's words in the
article's language (``StrftimeFormat``). This compares it, side by side in one run, with Babel
formatting the equivalent CLDR pattern (``"EEE dd MMMM y"``), the way the plugin wrote these
dates before; both give the same text. Best of 5 runs over 10,000 dates.

Run with ``.venv/bin/python bench/dates.py [--dates N]``; it takes a few seconds.
"""

from __future__ import annotations

import argparse
import timeit
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pelican_coopregions.core.dates import StrftimeFormat, format_date

STRFTIME = "%a %d %B %Y"  # Pelican's DEFAULT_DATE_FORMAT
PATTERN = "EEE dd MMMM y"  # the same in CLDR
RUNS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dates", type=int, default=10_000)
    args = parser.parse_args()
    start = datetime(2020, 1, 1, tzinfo=ZoneInfo("UTC"))
    dates = [start + timedelta(days=day % 1500) for day in range(args.dates)]
    parsed = StrftimeFormat.parse(STRFTIME)
    assert parsed is not None
    for lang in ("en", "es"):
        same = [parsed.format(day, lang) for day in dates[:100]]
        assert same == [format_date(day, lang, PATTERN) for day in dates[:100]]
        pattern = min(
            timeit.repeat(
                lambda lang=lang: [format_date(day, lang, PATTERN) for day in dates],
                number=1,
                repeat=RUNS,
            )
        )
        strftime = min(
            timeit.repeat(
                lambda lang=lang: [parsed.format(day, lang) for day in dates],
                number=1,
                repeat=RUNS,
            )
        )
        print(
            f"{lang}: CLDR pattern {pattern * 1e6 / len(dates):.1f} µs a date, "
            f"StrftimeFormat {strftime * 1e6 / len(dates):.1f} µs a date, "
            f"ratio {strftime / pattern:.2f} (target <= 1.2)"
        )


if __name__ == "__main__":
    main()
