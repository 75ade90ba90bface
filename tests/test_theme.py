"""Reading a theme (pelican/theme.py) from its templates, through the Jinja environment Pelican
renders it with: every fixture theme, and the ways a site or a theme can change the answers
(THEME_TEMPLATES_OVERRIDES, super(), includes, conditions). No build: a generator's
environment is enough."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from jinja2 import Environment, nodes

from pelican_coopregions.pelican.adapter import adapter_source
from pelican_coopregions.pelican.theme import (
    AFTER_SITENAME,
    NAME,
    WHOLE,
    Element,
    HeadBlocks,
    Listing,
    MenuLinks,
    PageTitle,
    TitleConvention,
    archive_parent,
    convention,
    read_theme,
)
from theme_sites import THEMES, environment

NOTMYIDEA_CONTENT = Element("section", (("id", "content"), ("class", "body")))

# What each fixture's templates say (see each theme's README and templates).
EXPECTED = {
    "notmyidea": (
        "index.html",
        HeadBlocks(("head", "extra_head"), (), "head"),
        TitleConvention("title", WHOLE),
        Listing("content", NOTMYIDEA_CONTENT),
        MenuLinks(""),
    ),
    "simple": (
        "index.html",
        HeadBlocks(("head",), (), "head"),
        TitleConvention("title", WHOLE),
        Listing("content", None),
        MenuLinks(""),
    ),
    "flex": (
        "index.html",
        HeadBlocks(("meta",), (), "meta"),
        TitleConvention("title", AFTER_SITENAME),
        Listing("content", None),
        MenuLinks(""),
    ),
    "elegant": (
        "index.html",  # through Pelican's simple category.html: Elegant has none
        HeadBlocks(("head_links", "meta_tags_in_head", "feed_links"), (), "feed_links"),
        TitleConvention("title", WHOLE),
        Listing("content", Element("div", (("class", "row-fluid"),))),
        None,
    ),
    "pelican-bootstrap3": (
        "article_list.html",
        HeadBlocks(("canonical_rel", "meta", "opengraph"), ("opengraph",), "meta"),
        TitleConvention("title", WHOLE),
        Listing("content", None),
        MenuLinks(""),
    ),
    "uikit": (
        "index.html",
        HeadBlocks(("head",), (), "head"),
        TitleConvention("titlename", NAME),
        Listing("content", None),
        MenuLinks(""),
    ),
    "hyde": (
        "index.html",
        HeadBlocks(("metadata",), (), "metadata"),
        TitleConvention("title", WHOLE),
        Listing("content", Element("div", (("class", "posts"),))),
        MenuLinks(""),
    ),
    "sneakyidea": (
        "index.html",
        HeadBlocks((), (), None),
        TitleConvention("title", WHOLE),
        Listing("content", NOTMYIDEA_CONTENT),
        MenuLinks("{SITEURL}/"),
    ),
}


def test_every_fixture_theme_is_described() -> None:
    assert set(EXPECTED) == set(THEMES)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_theme_read_from_its_templates(name: str) -> None:
    theme = read_theme(environment(THEMES[name]))
    extends, head, title, listing, menu = EXPECTED[name]
    assert theme.extends == extends
    assert theme.head == head
    assert theme.title == title
    assert theme.listing == listing
    assert theme.menu == menu


def render_menu(
    env: Environment, template: str, items: tuple[tuple[str, str], ...], site: str
) -> str:
    """The href the theme's own template gives the menu entry "Regions"."""
    i18n = hasattr(env, "install_null_translations")  # jinja2.ext.i18n is on
    if i18n:
        env.install_null_translations(newstyle=True)
    # As the plugin's pages will: the theme's archive template, its list left out.
    page = env.from_string(
        f'{{% extends "{template}" %}}{{% block content %}}{{% endblock %}}'
    ).render(
        SITEURL=site,
        MENUITEMS=items,
        MAIN_MENU=True,
        categories=[],
        JINJA_ENVIRONMENT={"extensions": ["jinja2.ext.i18n"] if i18n else []},
    )
    link = BeautifulSoup(page, "html.parser").find("a", string="Regions")
    assert link is not None, template
    return str(link["href"])


@pytest.mark.parametrize("name", [name for name in sorted(THEMES) if EXPECTED[name][4]])
@pytest.mark.parametrize("site", ["", "https://example.org", "../.."])
def test_menu_entries_in_the_themes_convention_give_the_right_link(name: str, site: str) -> None:
    """The entry for ``regions/`` is written so that the theme's own menu links to
    SITEURL/regions/: no ``//regions/`` with an empty SITEURL, no doubled host."""
    env = environment(THEMES[name])
    theme = read_theme(env)
    assert theme.menu is not None
    entry = theme.menu.entry("regions/", site)
    assert render_menu(env, theme.extends, (("Regions", entry),), site) == f"{site}/regions/"


def test_menu_entry_after_siteurl_with_a_slash() -> None:
    """sneakyidea writes ``{{ SITEURL }}/{{ link }}``: the entry is relative."""
    links = MenuLinks("{SITEURL}/")
    assert links.entry("regions/", "") == "regions/"
    assert links.entry("regions/", "https://example.org") == "regions/"
    assert MenuLinks("").entry("regions/", "") == "/regions/"
    assert MenuLinks("{SITEURL}").entry("regions/", "https://example.org") == "/regions/"


def write(folder: Path, **templates: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in templates.items():
        (folder / name.replace("__", "/")).write_text(text, encoding="utf-8")
    return folder


BASE = (
    "<!DOCTYPE html><html><head>{% block head %}<title>{% block title %}{{ SITENAME }}"
    "{% endblock %}</title>{% block extra_head %}{% endblock %}{% endblock %}</head>"
    "<body><nav>{% for t, l in MENUITEMS %}<a href='{{ l }}'>{{ t }}</a>{% endfor %}</nav>"
    "{% block content %}{% endblock %}</body></html>"
)


def test_theme_templates_overrides_count(tmp_path: Path) -> None:
    """A site's THEME_TEMPLATES_OVERRIDES are read before the theme: here a category page
    that extends a layout of its own, whose head offers only extra_head."""
    overrides = write(
        tmp_path / "overrides",
        **{
            "category.html": '{% extends "layout.html" %}',
            "layout.html": (
                '{% extends "base.html" %}{% block head %}<meta charset="utf-8">'
                "{% block extra_head %}{% endblock %}{% endblock %}"
            ),
        },
    )
    env = environment(THEMES["notmyidea"], THEME_TEMPLATES_OVERRIDES=[str(overrides)])
    assert archive_parent(env) == "layout.html"
    theme = read_theme(env)
    # The override of ``head`` drops notmyidea's <title>: the title is none of the layout's.
    assert theme.head == HeadBlocks(("head", "extra_head"), (), "head")
    assert theme.title == TitleConvention(None, WHOLE)


def test_a_block_hidden_by_an_override_without_super_is_not_offered(tmp_path: Path) -> None:
    theme_folder = tmp_path / "theme"
    write(
        theme_folder / "templates",
        **{
            "base.html": BASE,
            "index.html": (
                '{% extends "base.html" %}{% block head %}<title>{% block title %}{% endblock %}'
                " | {{ SITENAME }}</title>{% endblock %}"
            ),
            "category.html": '{% extends "index.html" %}',
        },
    )
    env = environment(THEMES["simple"], THEME=str(theme_folder))
    theme = read_theme(env)
    assert theme.head == HeadBlocks(("head",), (), "head")
    assert theme.title == TitleConvention("title", NAME)


def test_super_brings_back_the_parents_blocks(tmp_path: Path) -> None:
    theme_folder = tmp_path / "theme"
    write(
        theme_folder / "templates",
        **{
            "base.html": BASE,
            "index.html": (
                '{% extends "base.html" %}{% block head %}{{ super() }}'
                "{% block more_head %}{% endblock %}{% endblock %}"
            ),
        },
    )
    theme = read_theme(environment(THEMES["simple"], THEME=str(theme_folder)))
    assert theme.head == HeadBlocks(("head", "extra_head", "more_head"), (), "head")


def test_included_and_conditional_blocks_are_not_chosen(tmp_path: Path) -> None:
    """An included template's blocks cannot be overridden; a block inside a condition may not
    be rendered at all; a block inside an attribute or <script> is not in <head>'s content."""
    theme_folder = tmp_path / "theme"
    write(
        theme_folder / "templates",
        **{
            "base.html": (
                "<html><head>{% include 'head.html' %}"
                '<meta name="description" content="{% block description %}{% endblock %}">'
                "<script>{% block script %}{% endblock %}</script>"
                "{% if SHOW %}{% block maybe %}{% endblock %}{% endif %}"
                "<title>{% block title %}{% endblock %}</title></head>"
                "<body>{% block content %}{% endblock %}</body></html>"
            ),
            "head.html": "{% block included %}{% endblock %}",
        },
    )
    theme = read_theme(environment(THEMES["simple"], THEME=str(theme_folder)))
    assert theme.extends == "index.html"  # Pelican's simple category.html extends it
    assert theme.head == HeadBlocks(("maybe",), ("maybe",), None)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("<title>{% block title %}{{ SITENAME|striptags }}{% endblock title %}</title>", WHOLE),
        ("<title>{{ SITENAME }}{% block title %}{% endblock %}</title>", AFTER_SITENAME),
        ("<title>{% block title %}{% endblock title %} - {{ SITENAME }}</title>", NAME),
        ("<TITLE>{{ SITENAME }} | {% block title -%}{%- endblock %}</TITLE>", NAME),
        ("<title>{{ SITENAME }}</title>", WHOLE),
        (
            "<head><!-- <title>{{ SITENAME }}{% block title %}{% endblock %}</title> --></head>",
            None,
        ),
        ("<head></head>", None),
    ],
)
def test_title_convention_of_one_template(title: str, expected: str | None) -> None:
    assert convention(title) == expected


def test_page_title_in_the_themes_convention() -> None:
    settings = {"SITENAME": "Coop <em>News</em>"}
    flex = PageTitle.for_convention(TitleConvention("title", AFTER_SITENAME), None, settings)
    assert flex("Venezuela & Co") == " &ndash; Venezuela &amp; Co"
    whole = PageTitle.for_convention(TitleConvention("title", WHOLE), None, settings)
    assert whole("Venezuela") == "Venezuela - Coop News"
    chosen = PageTitle.for_convention(TitleConvention("title", WHOLE), "{name}", settings)
    assert chosen("Venezuela") == "Venezuela"


def test_wrapper_markup_keeps_its_plain_attributes() -> None:
    wrapper = Element("div", (("class", "a&b"),), ("style",))
    assert wrapper.open() == '<div class="a&amp;b">'
    assert wrapper.close() == "</div>"


def test_an_include_jinja_cannot_parse_is_left_out(tmp_path: Path) -> None:
    """Elegant includes a template with the assets plugin's ``{% assets %}`` tag only when that
    plugin is on; without it Pelican never renders the include, and neither fails here."""
    theme_folder = tmp_path / "theme"
    write(
        theme_folder / "templates",
        **{
            "base.html": (
                "<html><head>{% if 'assets' in PLUGINS %}{% include 'minify.html' %}{% endif %}"
                "{% block head %}{% endblock %}</head><body>{% block content %}{% endblock %}"
                "</body></html>"
            ),
            "minify.html": '{% assets "style.css" %}{{ ASSET_URL }}{% endassets %}',
        },
    )
    theme = read_theme(environment(THEMES["simple"], THEME=str(theme_folder)))
    assert theme.head == HeadBlocks(("head",), (), "head")


# The adapter: the theme read, written as the template the plugin's pages extend ---------------

DOCS = Path(__file__).parent.parent / "docs" / "theming.md"


@pytest.mark.parametrize("name", sorted(THEMES))
def test_the_adapter_puts_the_plugins_blocks_where_the_theme_draws_them(name: str) -> None:
    env = environment(THEMES[name])
    theme = read_theme(env)
    source = adapter_source(theme, theme.head.chosen)
    tree = env.parse(source)
    blocks = {block.name: block for block in tree.find_all(nodes.Block)}
    inside = {
        name: {inner.name for inner in block.find_all(nodes.Block)}
        for name, block in blocks.items()
    }
    assert theme.title.block is not None
    assert inside[theme.title.block] == {"coopregions_page_title"}
    listing = theme.listing.block or "content"
    if theme.head.chosen is None:
        assert inside[listing] == {"coopregions_jsonld", "coopregions_body"}
    else:
        assert inside[theme.head.chosen] == {"coopregions_head", "coopregions_jsonld"}
        assert inside[listing] == {"coopregions_body"}
    if theme.listing.wrapper is not None:
        assert str(theme.listing.wrapper.open()) in source


def test_the_adapter_shown_in_the_docs_is_notmyideas() -> None:
    theme = read_theme(environment(THEMES["notmyidea"]))
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("### The adapter") :]
    shown = section[section.index("```jinja\n") + len("```jinja\n") : section.index("```\n\n")]
    assert shown == adapter_source(theme, theme.head.chosen)
