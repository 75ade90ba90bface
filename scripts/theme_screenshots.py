"""Screenshots of a region page under each fixture theme, for docs/theming.md.

The small tagged site of tests/theme_sites.py is built under each theme the browser test
measures (tests/fixtures/themes, and Pelican's notmyidea and simple), and its Venezuela page is
photographed in headless Chromium with the browser harness (tests/browser_support.py): in a
1280 × 800 window (docs/img/themes/<theme>.png) and a phone's 390 × 844 one
(docs/img/themes/<theme>-phone.png).

Usage: ``.venv/bin/python scripts/theme_screenshots.py [theme ...]`` (every theme by default).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "scripts")]

from browser_support import Browser, serve  # noqa: E402
from screenshots import png_stats  # noqa: E402
from theme_sites import THEMES, build_under  # noqa: E402

PAGE = "regions/venezuela/"
WINDOWS = {"": (1280, 800), "-phone": (390, 844)}


def main(names: list[str]) -> int:
    unknown = set(names) - set(THEMES)
    if unknown:
        print(f"no such fixture theme: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 1
    images = ROOT / "docs" / "img" / "themes"
    with tempfile.TemporaryDirectory() as folder, Browser() as browser:
        for name in names or sorted(THEMES):
            output = build_under(THEMES[name], Path(folder) / name).output
            with serve(output) as base:
                for suffix, (width, height) in WINDOWS.items():
                    png = images / f"{name}{suffix}.png"
                    with browser.page(base + PAGE, width, height) as page:
                        page.screenshot(png)
                    print(f"wrote {png.relative_to(ROOT)}: {png_stats(png)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
