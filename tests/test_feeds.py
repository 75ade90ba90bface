"""The plugin's feeds, written by Pelican's own ``Writer.write_feed``: one per term with
articles and feed type switched on, its newest ``FEED_MAX_ITEMS`` articles, on a site whose
titles and summaries hold markup, entities and non-ASCII text and whose content links
relatively. Other plugins hear of every feed (``feed_generated``, ``feed_written``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pelican.plugins import signals
from pelican.settings import DEFAULT_CONFIG

from conftest import build, snapshot, write_article

pytestmark = pytest.mark.builds

DATA = Path(__file__).parent / "fixtures" / "sites" / "data"
RSS = {
    "REGION_FEED_RSS": "regions/{slug}/feed.rss.xml",
    "REGION_LANG_FEED_RSS": "{lang}/regiones/{slug}/feed.rss.xml",
    "ORGANIZATION_FEED_RSS": "organizations/{slug}/feed.rss.xml",
    "ORGANIZATION_LANG_FEED_RSS": "{lang}/organizaciones/{slug}/feed.rss.xml",
}
ARTICLES = {
    "markup.md": """
        Title: Co-ops &amp; <em>unions</em> in São Paulo
        Date: 2024-03-01 10:30
        Modified: 2024-03-05 08:00
        Slug: markup
        Lang: en
        Tags: labour, São Paulo
        Authors: Ana Pérez; Bob
        Countries: BR
        Organizations: Cecosesola
        Summary: **Bold** claim with a [relative link](../other.html) & an entity: caf&eacute;.

        Full text with a [sibling article]({filename}plain.md), a [relative
        page](pages/about.html), an [absolute one](https://example.org/x?a=1&b=2)
        and an image: ![map](images/map.png "A <map>").

        Second paragraph: ñandú, 中文, "quotes" & <b>raw html</b>.
        """,
    "markup-es.md": """
        Title: Cooperativas y <em>sindicatos</em> en São Paulo
        Date: 2024-03-01 10:30
        Slug: markup
        Lang: es
        Summary: Una afirmación *audaz* con un [enlace relativo](../otro.html).

        Texto completo con un [artículo hermano]({filename}plain.md) y acentos: áéíóú.
        """,
    "plain.md": """
        Title: Short note
        Date: 2023-11-20
        Slug: plain
        Countries: VE
        Regions: Latin America

        A short note without a summary, so the summary is the whole content.
        """,
    "long.md": """
        Title: A longer story about federations
        Date: 2022-05-02
        Slug: long
        Countries: AR
        Organizations: CoopCycle Argentina

        """
    + "\n\n".join(
        f"        Paragraph {n} with words about delivery cooperatives." for n in range(30)
    ),
}


def make(root: Path) -> Path:
    for name, text in ARTICLES.items():
        write_article(root / "content", name, text)
    return root


SETTINGS: dict[str, Any] = {
    "COOPREGIONS_REGIONS_FILE": str(DATA / "regions.toml"),
    "COOPREGIONS_ORGANIZATIONS_FILE": str(DATA / "organizations.toml"),
    "COOPREGIONS_LANGUAGES": ["en", "es"],
    "SITEURL": "https://example.org/coop",
    "FEED_DOMAIN": "https://feeds.example.org",
    "TIMEZONE": "America/Caracas",
    **RSS,
}


ATOM = "{http://www.w3.org/2005/Atom}"


def entries(feed: ElementTree.Element) -> list[dict[str, str]]:
    """Each entry's title, link and text, Atom or RSS."""
    found = []
    for entry in [*feed.iter(f"{ATOM}entry"), *feed.iter("item")]:
        link = entry.find(f"{ATOM}link")
        found.append(
            {
                "title": entry.findtext(f"{ATOM}title") or entry.findtext("title") or "",
                "link": link.get("href", "") if link is not None else entry.findtext("link") or "",
                "text": entry.findtext(f"{ATOM}content") or entry.findtext("description") or "",
            }
        )
    return found


@pytest.mark.parametrize(
    "variant",
    [
        {},
        {"RSS_FEED_SUMMARY_ONLY": False, "FEED_APPEND_REF": True, "FEED_MAX_ITEMS": 2},
        {"RELATIVE_URLS": True, "SITEURL": "", "FEED_DOMAIN": ""},
    ],
    ids=["defaults", "full-rss-ref-max2", "relative"],
)
def test_feeds_list_each_terms_newest_articles_as_pelican_writes_them(
    tmp_path: Path, variant: dict[str, Any]
) -> None:
    site = build(make(tmp_path), **{**SETTINGS, **variant})
    files = snapshot(site.output)
    feeds = [name for name in files if name.endswith((".atom.xml", ".rss.xml"))]
    assert "regions/world/feed.atom.xml" in feeds
    assert "es/regiones/america/feed.rss.xml" in feeds
    assert "organizations/coopcycle/feed.atom.xml" in feeds  # a federation, through rollup
    assert len(feeds) > 20
    maximum = variant.get("FEED_MAX_ITEMS", 100)
    world = entries(ElementTree.fromstring(files["regions/world/feed.atom.xml"]))
    titles = [entry["title"] for entry in world]
    newest = ["Co-ops &amp; unions in São Paulo", "Short note", "A longer story about federations"]
    assert titles == [title.replace("&amp;", "&") for title in newest][:maximum]  # stripped
    # FEED_APPEND_REF came with Pelican 4.10: an older Pelican links the article alone.
    appends = "FEED_APPEND_REF" in DEFAULT_CONFIG
    ref = "?ref=feed" if variant.get("FEED_APPEND_REF") and appends else ""
    # Pelican joins SITEURL and the article's URL (with RELATIVE_URLS, no SITEURL: the URL).
    site_url = variant.get("SITEURL", SETTINGS["SITEURL"])
    assert world[0]["link"] == f"{site_url}/markup.html{ref}".lstrip("/")
    spanish = entries(ElementTree.fromstring(files["es/regiones/america/feed.rss.xml"]))
    assert spanish[0]["title"] == "Cooperativas y sindicatos en São Paulo"
    # RSS has one text: the summary, or the whole content (RSS_FEED_SUMMARY_ONLY = False).
    summary_only = variant.get("RSS_FEED_SUMMARY_ONLY", True)
    assert ("Texto completo" in spanish[0]["text"]) is not summary_only
    assert ("audaz" in spanish[0]["text"]) is summary_only


def test_other_plugins_hear_of_every_feed(tmp_path: Path) -> None:
    heard: list[str] = []

    def written(path: str, **kwargs: Any) -> None:
        heard.append(path)

    signals.feed_written.connect(written)
    try:
        site = build(make(tmp_path), **SETTINGS)
    finally:
        signals.feed_written.disconnect(written)
    feeds = {str(site.output / name) for name in site.files() if name.endswith(".xml")}
    assert set(heard) == feeds


def test_control_characters_in_an_article_are_left_out_of_its_feed_entries(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A line break in ``Lang`` ends Markdown's metadata: the rest of its line is text, here
    with a unit separator (U+001F) XML 1.0 cannot hold. Pelican writes the page (its own feeds
    are off); the plugin's feeds leave the character out and say so, instead of stopping."""
    root = tmp_path / "site"
    write_article(
        root / "content",
        "odd.md",
        "Title: Odd\x1fone\nDate: 2024-01-02\nCountries: VE\n"
        "Lang: es\rtail\x1fend\n\nBody\x07 text.\n",
    )
    site = build(root, COOPREGIONS_LANGUAGES=["en"], REGION_FEED_RSS="regions/{slug}/feed.rss.xml")
    page = next(path for path in snapshot(site.output) if path.startswith("odd"))
    assert "\x1f" in (site.output / page).read_text(encoding="utf-8")  # the page keeps it
    for name in ("regions/venezuela/feed.atom.xml", "regions/venezuela/feed.rss.xml"):
        feed = ElementTree.parse(site.output / name).getroot()  # well-formed XML 1.0
        text = ElementTree.tostring(feed, encoding="unicode")
        assert "Oddone" in text and "tailend" in text and "Body text." in text
    warnings = [r.getMessage() for r in caplog.records if "XML 1.0" in r.getMessage()]
    assert warnings and all("odd.md" in message for message in warnings)


def test_non_characters_in_an_article_never_reach_a_feed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """U+FFFE and U+FFFF are no XML 1.0 characters either; feedgenerator writes them as they
    are, so the feeds listing the article would be malformed: they are left out too."""
    root = tmp_path / "site"
    write_article(
        root / "content",
        "odd.md",
        "Title: Odd\ufffeone\nDate: 2024-01-02\nCountries: VE\n\nBody\uffff text.\n",
    )
    site = build(root, COOPREGIONS_LANGUAGES=["en"])
    feeds = [name for name in site.files() if name.endswith(".xml")]
    assert "regions/venezuela/feed.atom.xml" in feeds
    for name in feeds:
        feed = ElementTree.parse(site.output / name).getroot()  # well-formed XML 1.0
        text = ElementTree.tostring(feed, encoding="unicode")
        assert "\ufffe" not in text and "\uffff" not in text
    venezuela = ElementTree.tostring(
        ElementTree.parse(site.output / "regions/venezuela/feed.atom.xml").getroot(),
        encoding="unicode",
    )
    assert "Oddone" in venezuela and "Body text." in venezuela
    assert any("U+FFFE" in r.getMessage() and "odd.md" in r.getMessage() for r in caplog.records)


# What a reader needs besides the entries ------------------------------------------------------


def atom(site_output: Path, name: str) -> ElementTree.Element:
    return ElementTree.parse(site_output / name).getroot()


def entry_ids(feed: ElementTree.Element) -> dict[str, str]:
    """Each entry's id, by its link."""
    return {
        str(entry.find(f"{ATOM}link").get("href")): str(entry.findtext(f"{ATOM}id"))  # type: ignore[union-attr]
        for entry in feed.iter(f"{ATOM}entry")
    }


XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def test_feeds_say_their_language_and_link_their_terms_page(tmp_path: Path) -> None:
    site = build(make(tmp_path), **SETTINGS)
    spanish = atom(site.output, "es/regiones/america/feed.atom.xml")
    assert spanish.get(XML_LANG) == "es"
    link = spanish.find(f"{ATOM}link[@rel='alternate']")
    assert link is not None
    assert link.get("href") == "https://example.org/coop/es/regiones/america/"
    assert site.exists("es/regiones/america/index.html")
    assert spanish.findtext(f"{ATOM}id") == "https://example.org/coop/es/regiones/america/"
    english = atom(site.output, "regions/world/feed.atom.xml")
    assert english.get(XML_LANG) == "en"
    assert english.findtext(f"{ATOM}id") == "https://example.org/coop/regions/world/"
    rss = ElementTree.parse(site.output / "es/regiones/america/feed.rss.xml").getroot()
    assert rss.findtext("channel/language") == "es"
    assert rss.findtext("channel/link") == "https://example.org/coop/es/regiones/america/"


def test_entry_ids_are_pelicans_own_when_siteurl_is_set(tmp_path: Path) -> None:
    """The same article has the same id in the plugin's feeds as in Pelican's own."""
    site = build(make(tmp_path), **SETTINGS, FEED_ALL_ATOM="feeds/all.atom.xml")
    pelicans = entry_ids(atom(site.output, "feeds/all.atom.xml"))
    ours = entry_ids(atom(site.output, "regions/world/feed.atom.xml"))
    assert ours and all(pelicans[link] == ours[link] for link in ours)
    assert all(ident.startswith("tag:example.org,") for ident in ours.values())
    # Pelican's own feed is left as Pelican writes it.
    assert atom(site.output, "feeds/all.atom.xml").get(XML_LANG) is None


def test_ids_name_the_feed_domain_when_siteurl_is_empty(tmp_path: Path) -> None:
    """As Pelican puts FEED_DOMAIN before its feeds' addresses, the ids name its host."""
    site = build(make(tmp_path), **{**SETTINGS, "SITEURL": ""})
    feed = atom(site.output, "regions/world/feed.atom.xml")
    link = feed.find(f"{ATOM}link[@rel='alternate']")
    assert link is not None and link.get("href") == "/regions/world/"
    assert feed.findtext(f"{ATOM}id") == "https://feeds.example.org/regions/world/"
    assert entry_ids(feed) == {
        "/markup.html": "tag:feeds.example.org,2024-03-01:/markup.html",
        "/plain.html": "tag:feeds.example.org,2023-11-20:/plain.html",
        "/long.html": "tag:feeds.example.org,2022-05-02:/long.html",
    }


def test_ids_without_any_address_name_the_site_and_stay_the_same(tmp_path: Path) -> None:
    """No SITEURL, no FEED_DOMAIN (a local build, relative URLs): ids made of the site's name
    and each entry's date and address from the root, the same in every build; no ``None``."""
    settings = {**SETTINGS, "SITEURL": "", "FEED_DOMAIN": "", "RELATIVE_URLS": True}
    settings["SITENAME"] = "Coop News <em>Daily</em>"
    first = build(make(tmp_path / "one"), **settings)
    second = build(make(tmp_path / "two"), **settings)
    feeds = [name for name in snapshot(first.output) if name.endswith(".atom.xml")]
    ids = {}
    for name in feeds:
        feed, again = atom(first.output, name), atom(second.output, name)
        assert feed.findtext(f"{ATOM}id") == again.findtext(f"{ATOM}id")
        assert entry_ids(feed) == entry_ids(again)
        ids[name] = feed.findtext(f"{ATOM}id")
        for link, ident in entry_ids(feed).items():
            assert ident.startswith("tag:coop-news-daily,")
            assert ident.endswith(":/" + link.lstrip("/"))
            assert "None" not in ident
    assert len(set(ids.values())) == len(feeds)  # one id per feed
    assert all(str(ident).startswith("urn:uuid:") for ident in ids.values())
