"""Shared fixtures: write a small site into tmp_path and build it with a real Pelican run."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pelican import Pelican
from pelican.settings import read_settings

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass
class Site:
    """A built site: its folders and helpers to read what was written."""

    root: Path
    content: Path
    output: Path

    def html(self, path: str) -> BeautifulSoup:
        return BeautifulSoup((self.output / path).read_text(encoding="utf-8"), "html.parser")

    def exists(self, path: str) -> bool:
        return (self.output / path).is_file()

    def files(self) -> set[str]:
        return {str(p.relative_to(self.output)) for p in self.output.rglob("*") if p.is_file()}


def write_article(content: Path, name: str, text: str) -> Path:
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def settings_for(root: Path, **overrides: Any) -> dict[str, Any]:
    """Settings for a quiet, deterministic test build of ``root/content`` into ``root/output``."""
    base: dict[str, Any] = {
        "PATH": str(root / "content"),
        "OUTPUT_PATH": str(root / "output"),
        "CACHE_PATH": str(root / "cache"),
        "PLUGINS": ["pelican_coopregions"],
        "SITEURL": "",
        "TIMEZONE": "UTC",
        "DEFAULT_LANG": "en",
        "FEED_ALL_ATOM": None,
        "CATEGORY_FEED_ATOM": None,
        "TRANSLATION_FEED_ATOM": None,
        "AUTHOR_FEED_ATOM": None,
        "AUTHOR_FEED_RSS": None,
        "LOAD_CONTENT_CACHE": False,
        "CACHE_CONTENT": False,
    }
    base.update(overrides)
    return base


def build(root: Path, **overrides: Any) -> Site:
    """Run Pelican on ``root/content`` with ``overrides``; return the built site."""
    settings = read_settings(override=settings_for(root, **overrides))
    Pelican(settings).run()
    return Site(root, root / "content", root / "output")


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    return tmp_path


@pytest.fixture
def make_site(site_dir: Path) -> Callable[..., Site]:
    """Write ``articles`` (file name -> text) and build with ``overrides``."""

    def make(articles: Mapping[str, str], **overrides: Any) -> Site:
        for name, text in articles.items():
            write_article(site_dir / "content", name, text)
        return build(site_dir, **overrides)

    return make
