"""Evaluate and time ``coopregions tag``'s matching (not a test; tests/test_tagging.py checks
the same figures against the issue's goals).

The evaluation set is tests/fixtures/tagging/articles-<lang>.toml: 158 articles in English,
Spanish, Portuguese and French written for this project from public cooperative-economy news,
each labelled by hand with what it is about (passing mentions, demonyms, cities,
organizations, whole regions, articles about no place), and the organizations of
tests/fixtures/tagging/organizations.toml. For each field and language it reports precision
(proposed values that are labelled) and recall (labelled values that are proposed) at the
default ``--min-score``, counted over (article, value) pairs.

The speed is articles tagged per second once the site is read and the automaton built (once
a run, for every language), on the evaluation set repeated to ``--articles`` articles and on
long articles (36 bodies of a language joined), best of 5 runs, in CPU time.

Run with ``.venv/bin/python bench/tagging.py [--articles N] [--min-score S]``.
"""

from __future__ import annotations

import argparse
import time
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pelican_coopregions import Registry
from pelican_coopregions.core.tagging import (
    DEFAULT_MIN_SCORE,
    FIELDS,
    ArticleText,
    Tagger,
    geonames_cities,
    unambiguous_cities,
)

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "tests" / "fixtures" / "tagging"
LANGUAGES = ("en", "es", "pt", "fr")
RUNS = 5


@dataclass(frozen=True)
class Labelled:
    """One article of the evaluation set and its hand labels (slugs per field)."""

    lang: str
    text: ArticleText
    labels: dict[str, frozenset[str]]


@dataclass
class Counts:
    """True positives, proposals and labels of one field in one language."""

    hits: int = 0
    proposed: int = 0
    labelled: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.hits / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.labelled if self.labelled else 1.0


def registry() -> Registry:
    return Registry.load(organizations=SET / "organizations.toml", languages=LANGUAGES)


def evaluation_set(registry: Registry) -> list[Labelled]:
    """Every labelled article; countries labelled by ISO code become slugs."""
    articles = []
    for lang in LANGUAGES:
        data = tomllib.loads((SET / f"articles-{lang}.toml").read_text(encoding="utf-8"))
        for entry in data["article"]:
            labels = {
                "regions": frozenset(entry.get("regions", ())),
                "countries": frozenset(
                    registry.region(code).slug for code in entry.get("countries", ())
                ),
                "organizations": frozenset(entry.get("organizations", ())),
            }
            text = ArticleText(entry["title"], entry.get("summary", ""), entry.get("body", ""))
            articles.append(Labelled(lang, text, labels))
    return articles


def evaluate(
    tagger: Tagger, articles: Iterable[Labelled], min_score: float = DEFAULT_MIN_SCORE
) -> dict[tuple[str, str], Counts]:
    """(field, language) -> counts, with ``"all"`` as the language of every article."""
    counts: dict[tuple[str, str], Counts] = {}
    for article in articles:
        proposals = tagger.tag(article.lang, article.text).above(min_score)
        for name in FIELDS:
            found = {proposal.record.slug for proposal in proposals.field(name)}
            wanted = article.labels[name]
            for lang in (article.lang, "all"):
                count = counts.setdefault((name, lang), Counts())
                count.hits += len(found & wanted)
                count.proposed += len(found)
                count.labelled += len(wanted)
                if lang == "all":
                    count.misses += [
                        f"{article.lang} {article.text.title!r}: +{sorted(found - wanted)} "
                        f"-{sorted(wanted - found)}"
                    ] * bool(found ^ wanted)
    return counts


def articles_per_second(tagger: Tagger, articles: Sequence[Labelled], total: int) -> float:
    """Articles tagged per CPU second, best of :data:`RUNS`, the automaton built beforehand."""
    tagger.automaton()
    batch = [articles[index % len(articles)] for index in range(total)]
    best = float("inf")
    for _ in range(RUNS):
        start = time.process_time()
        for article in batch:
            tagger.tag(article.lang, article.text)
        best = min(best, time.process_time() - start)
    return total / best


def table(counts: dict[tuple[str, str], Counts]) -> str:
    lines = [
        "| field | language | precision | recall | proposed | labelled |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name in FIELDS:
        for lang in (*LANGUAGES, "all"):
            count = counts.get((name, lang), Counts())
            lines.append(
                f"| {name} | {lang} | {count.precision:.2f} | {count.recall:.2f} | "
                f"{count.proposed} | {count.labelled} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    parser.add_argument("--misses", action="store_true", help="list each article gone wrong")
    args = parser.parse_args()
    start = time.process_time()
    loaded = registry()
    cities = unambiguous_cities(geonames_cities())
    tagger = Tagger(loaded, cities, LANGUAGES)
    tagger.automaton()
    setup = time.process_time() - start
    articles = evaluation_set(loaded)
    counts = evaluate(tagger, articles, args.min_score)
    print(f"{len(articles)} labelled articles, --min-score {args.min_score}\n")
    print(table(counts))
    if args.misses:
        for name in FIELDS:
            print(f"\n{name}:")
            print("\n".join(counts[(name, "all")].misses))
    rate = articles_per_second(tagger, articles, args.articles)
    words = sum(len(article.text.body.split()) for article in articles) / len(articles)
    long = long_articles(articles)
    long_words = sum(len(article.text.body.split()) for article in long) / len(long)
    long_rate = articles_per_second(tagger, long, args.articles // 10)
    print(
        f"\nset-up (registry, {len(cities)} cities, one automaton of 4 languages): "
        f"{setup:.2f} s CPU\n"
        f"tagging the set ({words:.0f} words a body): {rate:,.0f} articles/s "
        f"(best of {RUNS}, {args.articles} articles)\n"
        f"tagging long articles ({long_words:.0f} words a body): {long_rate:,.0f} articles/s "
        f"(best of {RUNS}, {args.articles // 10} articles)"
    )


def long_articles(articles: Sequence[Labelled], join: int = 36) -> list[Labelled]:
    """Articles of a news site's length: each body followed by the next ``join - 1`` bodies
    of its language."""
    by_lang: dict[str, list[Labelled]] = {}
    for article in articles:
        by_lang.setdefault(article.lang, []).append(article)
    found = []
    for group in by_lang.values():
        for index, article in enumerate(group):
            bodies = [group[(index + step) % len(group)].text.body for step in range(join)]
            text = ArticleText(article.text.title, article.text.summary, "\n\n".join(bodies))
            found.append(Labelled(article.lang, text, article.labels))
    return found


if __name__ == "__main__":
    main()
