"""`make serve` (``pelican --listen``) serves the example site with every link working.

The example's links are directory URLs (``../../regions/latin-america/``), which a web server
maps to index.html and a browser opening the files from disk does not; so `make example` points
to `make serve`. This test serves the example output with the server ``pelican --listen`` runs
(``RootedHTTPServer`` and ``ComplexHTTPRequestHandler``) on a free loopback port, follows every
link, stylesheet and script from the home page on, and expects each to answer.

One kind of link does not, in Pelican itself: a translation's tags link to tag pages Pelican
never writes, since tag pages list originals only (getpelican/pelican#2361, "use
i18n_subsites"). Those tags are taken from Pelican's own article generator and expected broken;
any other broken link fails.
"""

from __future__ import annotations

import http.client
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup
from pelican.server import ComplexHTTPRequestHandler, RootedHTTPServer

from conftest import ExampleBuild

MOST_REQUESTS = 5000


class Handler(ComplexHTTPRequestHandler):
    """Pelican's handler; a subclass, because RootedHTTPServer sets ``base_path`` on the class."""


@dataclass
class Served:
    url: str
    # Site paths of tag pages only translations link to: Pelican writes none (pelican#2361).
    translation_only_tags: set[str]


@pytest.fixture(scope="module")
def served(example_build: ExampleBuild) -> Iterator[Served]:
    """The example site's output (built once for the session, conftest), served."""
    output, generator = example_build.output, example_build.articles
    linked = {tag.url for article in generator.translations for tag in article.tags or ()}
    tag_pages = {f"/{url}" for url in linked - {tag.url for tag in generator.tags}}
    server = RootedHTTPServer(str(output), ("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield Served(f"http://{host}:{port}/", tag_pages)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def links(page: str, html: bytes) -> set[str]:
    soup = BeautifulSoup(html, "html.parser")
    found = {str(tag["href"]) for tag in soup.select("a[href], link[href]")}
    found |= {str(tag["src"]) for tag in soup.select("img[src], script[src]")}
    return {urldefrag(urljoin(page, link)).url for link in found}


@pytest.mark.slow
def test_every_link_answers_when_served(served: Served) -> None:
    host = urlsplit(served.url).netloc
    queue, seen, broken = [served.url], {served.url}, set()
    while queue:
        assert len(seen) <= MOST_REQUESTS
        url = queue.pop()
        try:
            with urllib.request.urlopen(url, timeout=30) as response:
                body = response.read()
                is_html = response.headers.get_content_type() == "text/html"
        # Pelican's handler closes the connection, without a status, on a missing file.
        except (urllib.error.HTTPError, http.client.RemoteDisconnected):
            broken.add(urlsplit(url).path)
            continue
        if not is_html:
            continue
        for link in links(url, body):
            if urlsplit(link).netloc == host and link not in seen:
                seen.add(link)
                queue.append(link)
    assert broken == served.translation_only_tags
    paths = {urlsplit(url).path for url in seen}
    for page in ("/regions/latin-america/", "/es/regiones/america-latina/", "/organizations/"):
        assert page in paths
    assert len(paths) > 100
