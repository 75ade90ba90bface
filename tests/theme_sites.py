"""The fixture themes (tests/fixtures/themes, and Pelican's own two) and a small tagged site
to build under each: the theme reading tests read their templates, the browser test builds
the site and measures its pages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pelican
from jinja2 import Environment
from pelican.generators import Generator
from pelican.settings import read_settings

from conftest import FIXTURES, Site, build, build_in_fresh_python, settings_for, write_article

PELICAN_THEMES = Path(pelican.__file__).parent / "themes"
SITENAME = "Coop Theme Test"


@dataclass(frozen=True)
class Theme:
    """A fixture theme and the settings its documentation asks for."""

    name: str
    path: Path
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def subsites(self) -> bool:
        """Built with i18n_subsites, which stays connected to Pelican's signals: in a fresh
        interpreter (conftest.build_in_fresh_python)."""
        return "i18n_subsites" in self.settings.get("PLUGINS", ())


I18N = {
    "PLUGINS": ["i18n_subsites", "pelican_coopregions"],
    "JINJA_ENVIRONMENT": {"extensions": ["jinja2.ext.i18n"]},
}

THEMES = {
    theme.name: theme
    for theme in (
        Theme("notmyidea", PELICAN_THEMES / "notmyidea"),
        Theme("simple", PELICAN_THEMES / "simple"),
        Theme("flex", FIXTURES / "themes" / "flex", {"MAIN_MENU": True}),
        Theme("elegant", FIXTURES / "themes" / "elegant"),
        Theme("pelican-bootstrap3", FIXTURES / "themes" / "pelican-bootstrap3", I18N),
        Theme("uikit", FIXTURES / "themes" / "uikit"),
        Theme("hyde", FIXTURES / "themes" / "hyde"),
        Theme("sneakyidea", FIXTURES / "themes" / "sneakyidea"),
    )
}


def environment(theme: Theme, **overrides: Any) -> Environment:
    """The Jinja environment Pelican's generators render ``theme`` with (its loader: the
    theme's templates, THEME_TEMPLATES_OVERRIDES first, then Pelican's simple theme)."""
    settings = read_settings(
        override={"THEME": str(theme.path), **theme.settings, "PLUGINS": [], **overrides}
    )
    generator = Generator({}, settings, settings["PATH"], settings["THEME"], "/nonexistent")
    return generator.env


# Stories about Venezuela, two categories and a tag: enough for page 2 of the region's listing
# and of the category's with DEFAULT_PAGINATION = 2.
STORIES = 5


def write_tagged_site(content: Path) -> None:
    for number in range(1, STORIES + 1):
        write_article(
            content,
            f"story{number}.md",
            f"Title: Story {number} about Venezuela\nDate: 2023-0{number}-10\n"
            f"Category: {'News' if number % 2 else 'Analysis'}\nTags: cooperatives\n"
            f"Countries: VE\nSummary: A story about cooperatives in Venezuela.\n\nText.\n",
        )
    write_article(content, "pages/about.md", "Title: About\n\nWho we are.\n")


def build_under(theme: Theme, root: Path, **overrides: Any) -> Site:
    """The tagged site built with ``theme`` into ``root/output``."""
    write_tagged_site(root / "content")
    settings = {
        "THEME": str(theme.path),
        "SITENAME": SITENAME,
        "DEFAULT_PAGINATION": 2,
        "MENUITEMS": (("Archives", "/archives.html"),),
        "DISPLAY_PAGES_ON_MENU": False,
        "COOPREGIONS_MENUITEMS": ["regions"],
        **theme.settings,
        **overrides,
    }
    if theme.subsites:
        build_in_fresh_python(settings_for(root, **settings))
        return Site(root, root / "content", root / "output")
    return build(root, **settings)
