"""The Latin America page seen in a real browser: headless Chromium renders something visible."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import ExampleBuild

ROOT = Path(__file__).parent.parent


def load_screenshots() -> ModuleType:
    spec = importlib.util.spec_from_file_location("screenshots", ROOT / "scripts/screenshots.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["screenshots"] = module
    spec.loader.exec_module(module)
    return module


screenshots = load_screenshots()

pytestmark = pytest.mark.skipif(
    screenshots.chromium() is None,
    reason="Chromium is not installed (Debian: apt-get install -y chromium; .ci/run installs it)",
)


@pytest.mark.parametrize(
    "page", ["regions/latin-america/index.html", "es/regiones/america-latina/index.html"]
)
def test_region_page_renders_visibly_in_chromium(
    tmp_path: Path, example_build: ExampleBuild, page: str
) -> None:
    png = tmp_path / "page.png"
    screenshots.screenshot(example_build.output / page, png, width=1000, height=1200)
    stats = screenshots.png_stats(png)
    assert (stats.width, stats.height) == (1000, 1200)
    # A blank or error page is one or two colours; a styled listing with text has hundreds,
    # and text, rules and boxes cover a good part of it.
    assert stats.distinct_colours > 50
    assert stats.non_background_share > 0.05


def test_regions_index_map_is_drawn_in_chromium(
    tmp_path: Path, example_build: ExampleBuild
) -> None:
    """The inline SVG renders: land, sea and the shades of the countries with articles."""
    page = example_build.output / "regions" / "index.html"
    html = page.read_text(encoding="utf-8")
    # The map's colours are attributes of its SVG elements.
    styles = dict(re.findall(r'class="(coopregions-map-[a-z0-9-]+)" fill="(#[0-9a-f]{6})"', html))
    png = tmp_path / "regions.png"
    screenshots.screenshot(page, png, width=1000, height=900)
    colours = screenshots.png_stats(png).colours
    land, sea = styles["coopregions-map-land"], "#eaf1f6"
    assert f"background: {sea}" in html
    # Land and sea cover much of the screen: the map is drawn, not just its legend.
    assert colours.get(land, 0) > 0.05
    assert colours.get(sea, 0) > 0.05
    darkest = max(int(level) for level in re.findall(r"coopregions-map-shade-(\d)\"", html))
    assert colours.get(styles[f"coopregions-map-shade-{darkest}"], 0) > 0
