"""From a file's decoded text to an :class:`~generator.models.Article`: its front matter,
its report split from web boilerplate (:mod:`.boilerplate`) into spans of bounded length,
and its date, headline, title and publisher (:mod:`.pubdate`)."""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from pathlib import Path

from ..models import Article, TextSpan
from . import boilerplate, pubdate
from .front_matter import FrontMatterError, split_front_matter

_LINE = re.compile(r"[^\n]+")
_MD_HEADING = re.compile(r"#{1,6}[ \t]+")
MAX_SPAN_CHARS = 10_000
"""Longest report span handed to spaCy. A longer "paragraph" (a page saved as one line) is
cut at sentence ends into spans of at most this many characters: parsing a span costs more
than its length alone (the figures stage looks at the span's entities for each sentence),
and spaCy refuses a text of a million characters. Real paragraphs are under 2,000."""
EARLIEST_PUBLISHED = dt.date(1900, 1, 1)
PUBLISHED_MARGIN = dt.timedelta(days=2)
"""How far past the build day a publication date may be (time zones, a page dated ahead)."""
_SENTENCE_END = re.compile(r"([.!?][\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_SPACES = re.compile(r"\s+")
_SPACES_OR_NONE = re.compile(r"\s*")


class IngestError(Exception):
    """An input file (or the folder) cannot be used; the message names it and says why."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def language_note(article: Article) -> str | None:
    """A line for the build report when an article's front matter says it is not in English
    (``language: fr``): the figures stage reads English, so it takes nothing from it."""
    if article.in_english:
        return None
    return (
        f"{article.path}: written in '{article.language}'; figures are read from English text only, "
        "so none were taken from it"
    )


def _lines(text: str, start: int, markdown: bool) -> list[tuple[int, int]]:
    """The ``(start, end)`` of every non-blank line from ``start``, without surrounding
    whitespace (or a Markdown heading's ``#``): each line is a paragraph."""
    spans = []
    for m in _LINE.finditer(text, start):
        line = m.group()
        s = m.start() + len(line) - len(line.lstrip())
        e = m.end() - (len(line) - len(line.rstrip()))
        if markdown and (heading := _MD_HEADING.match(text, s, e)):
            s = heading.end()
        if s < e:
            spans.extend(_bounded(text, s, e))
    return spans


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` as spans of at most :data:`MAX_SPAN_CHARS`, cut after the last
    sentence end in the second half of each (else at the last space, else anywhere), so that
    what the figures stage costs grows with a paragraph's length, not its square."""
    spans = []
    while end - start > MAX_SPAN_CHARS:
        low, high = start + MAX_SPAN_CHARS // 2, start + MAX_SPAN_CHARS
        piece_end = next_start = high
        for pattern in (_SENTENCE_END, _SPACES):
            last = deque(pattern.finditer(text, low, high), maxlen=1)
            if last:
                piece_end, next_start = last[0].end(1) if pattern is _SENTENCE_END else last[0].start(), last[0].end()
                break
        spans.append((start, piece_end))
        start = _SPACES_OR_NONE.match(text, next_start, end).end()
    spans.append((start, end))
    return spans


def build_article(path: Path, content: str) -> Article:
    """Split decoded ``content`` into report and boilerplate and find its metadata."""
    name = str(path)
    markdown = path.suffix.lower() == ".md"
    try:
        meta, text = split_front_matter(content) if markdown else ({}, content)
    except FrontMatterError as exc:
        raise IngestError(name, str(exc)) from None
    if not text.strip():
        raise IngestError(name, "no article text after the front matter")
    try:
        prefix = pubdate.date_prefix(text)
    except ValueError as exc:
        raise IngestError(name, str(exc)) from None
    set_aside: list[TextSpan] = []
    if prefix:
        set_aside.append(TextSpan(prefix[1], prefix[2], kind="boilerplate", reason="date metadata"))
    lines = _lines(text, prefix[2] if prefix else 0, markdown)
    texts = [text[s:e] for s, e in lines]
    datelines = [pubdate.parse_dateline(t) for t in texts]
    reasons = ["dateline" if d else r for d, r in zip(datelines, boilerplate.classify(texts), strict=True)]

    # Text after the date prefix on its line is the report's first words, not a headline;
    # a prefix alone on its line leaves the next line free to be one.
    may_have_headline = not prefix or not text[prefix[2] :].split("\n", 1)[0].strip()
    report: list[TextSpan] = []
    headline: str | None = None
    for (s, e), line, reason in zip(lines, texts, reasons, strict=True):
        if reason:
            set_aside.append(TextSpan(s, e, kind="boilerplate", reason=reason))
        elif not report and may_have_headline and pubdate.is_headline(line):
            report.append(TextSpan(s, e, kind="headline"))
            headline = " ".join(line.split())
        else:
            report.append(TextSpan(s, e, kind="paragraph"))
    if not report:
        raise IngestError(name, f"no report text: all {len(lines)} line(s) are web boilerplate or metadata")

    paragraphs = [text[sp.start : sp.end] for sp in report if sp.kind == "paragraph"]
    title = meta.get("title") or headline or (pubdate.title_from_paragraph(paragraphs[0]) if paragraphs else path.stem)
    published = meta.get("published") or (prefix[0] if prefix else _dateline_date(datelines))
    _check_published(published, name, "front matter: 'published'" if meta.get("published") else "the date in the text")
    return Article(
        id=path.stem,
        path=name,
        text=text,
        title=title,
        published=published,
        publisher=meta.get("publisher") or _publisher(texts, reasons, datelines),
        url=meta.get("url"),
        language=meta.get("language", "en"),
        report=tuple(report),
        boilerplate=tuple(sorted(set_aside, key=lambda sp: sp.start)),
    )


def _check_published(published: dt.date | None, name: str, where: str) -> None:
    """IngestError for a publication date no news report has: before 1900, or later than
    the build day (give or take :data:`PUBLISHED_MARGIN`). Such a date is a typo, and would
    make the newest article of the site, and every weekday counted back from it, wrong."""
    if published is None:
        return
    latest = dt.date.today() + PUBLISHED_MARGIN
    if published < EARLIEST_PUBLISHED:
        problem = f"is before {EARLIEST_PUBLISHED.year}"
    elif published > latest:
        problem = "is in the future"
    else:
        return
    raise IngestError(name, f"{where} {published.isoformat()} {problem}: correct the publication date")


def _dateline_date(datelines: list[pubdate.Dateline | None]) -> dt.date | None:
    """The first publication date among the datelines; an update date only when there is no other."""
    found = [d for d in datelines if d]
    published = [d.date for d in found if not d.updated]
    return published[0] if published else (found[0].date if found else None)


def _publisher(texts: list[str], reasons: list[str | None], datelines: list[pubdate.Dateline | None]) -> str | None:
    """The publisher the text names: a dateline's ``Source:``, else a credit line naming one source."""
    for dateline in datelines:
        if dateline and dateline.publisher:
            return dateline.publisher
    for line, reason in zip(texts, reasons, strict=True):
        if reason in ("agency credit", "source credit") and (publisher := pubdate.credited_publisher(line)):
            return publisher
    return None
