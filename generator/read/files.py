"""Reading the articles folder: one :class:`Article` or one :class:`SkippedFile` per file.

This is the first stage of the pipeline. It reads bytes, decodes them (UTF-8,
else a BOM-marked UTF-16/32, else a legacy Windows/Latin-1 encoding), parses
the front matter of ``.md`` files and splits the text into report and web
boilerplate (:mod:`generator.boilerplate`), with the date, headline and
publisher found in the text (:mod:`generator.pubdate`).

Bad input never stops a build: a file that cannot be used becomes a
:class:`SkippedFile` whose reason says what is wrong, so the build report can
list it and ``--strict`` can fail on it. Only a missing folder is fatal.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import reprlib
import stat
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import yaml

from ..models import Article, IngestResult, SkippedFile, TextSpan
from ..safe_files import read_regular
from . import boilerplate, pubdate

ARTICLE_SUFFIXES = (".txt", ".md")
NOT_AN_ARTICLE = "not an article (only .txt and .md are read)"
FRONT_MATTER_KEYS = ("title", "published", "publisher", "url", "language")
LEGACY_ENCODINGS = ("cp1252", "latin-1")
"""Tried in order when a file is not UTF-8; the first whose text has no stray control characters wins."""

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# C0/C1 control characters other than \t \n \r: real text in a legacy encoding has none.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE = re.compile(r"[^\n]+")
_MD_HEADING = re.compile(r"#{1,6}[ \t]+")
_FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)
MAX_STEM_BYTES = 200
"""Longest file name (without extension) read: pages, cache entries and their temporary
files add their own prefixes and suffixes, and most file systems stop at 255 bytes."""
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
_SHOWN = reprlib.Repr()
_SHOWN.maxstring = _SHOWN.maxother = 60


class IngestError(Exception):
    """An input file (or the folder) cannot be used; the message names it and says why."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


def read_article(path: Path, *, max_bytes: int = 2_000_000) -> Article:
    """Read one article file, or raise :class:`IngestError` saying what is wrong with it."""
    name = str(path)
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise IngestError(name, NOT_AN_ARTICLE)
    return _build(path, _decode(_read_bytes(path, max_bytes), name))


class ArticleStore(Protocol):
    """Articles built by an earlier run, by file name and decoded text (see ``extraction_cache``)."""

    def holds(self, name: str, content: str) -> bool: ...

    def get(self, name: str, content: str) -> Article | None: ...

    def put(self, name: str, content: str, article: Article) -> None: ...


def ingest(
    folder: Path,
    *,
    max_bytes: int = 2_000_000,
    store: ArticleStore | None = None,
    fresh: Callable[[tuple[Article, ...]], None] | None = None,
) -> IngestResult:
    """Read every file of ``folder`` (not its sub-folders), sorted by name.

    Each file becomes an :class:`Article` or a :class:`SkippedFile`; hidden files
    (``.DS_Store``, editor swap files) are ignored without a word. Exact
    duplicates are built once, as the first copy by name. Raises
    :class:`IngestError` only when the folder itself cannot be read.

    The files the ``store`` does not hold are analysed first and handed to ``fresh``
    before the stored articles are read: new articles are the ones a build must parse,
    and the caller can start on that (loading spaCy takes a while) meanwhile.
    """
    entries = _list_folder(folder)
    root = Path(os.path.realpath(folder))
    # Named from the articles folder on ("seeds/x.txt"): the report and the pages are
    # published, and must not show where the build ran (or differ by it).
    names = [_printable(f"{folder.name}/{path.name}" if folder.name else path.name) for path in entries]
    made: dict[int, Article | SkippedFile] = {}
    texts: dict[int, str] = {}
    for n, path in enumerate(entries):
        if path.suffix.lower() not in ARTICLE_SUFFIXES:
            reason = "a folder (sub-folders are not read)" if path.is_dir() else NOT_AN_ARTICLE
            made[n] = SkippedFile(names[n], reason, severity="note")
            continue
        problem = _name_problem(path) or _link_problem(path, root)
        if problem:
            made[n] = SkippedFile(names[n], problem, severity="error")
            continue
        try:
            texts[n] = _decode(_read_bytes(path, max_bytes), names[n])
        except IngestError as exc:
            made[n] = SkippedFile(names[n], exc.problem, severity="error")
    new = [n for n, text in texts.items() if store is None or not store.holds(names[n], text)]
    made.update((n, _built(entries[n], names[n], texts[n], store)) for n in new)
    if fresh is not None:
        fresh(tuple(article for n in new if isinstance(article := made[n], Article)))
    for n, text in texts.items():
        if n not in made:  # stored; analysed again only if its entry is damaged
            made[n] = (store.get(names[n], text) if store else None) or _built(entries[n], names[n], text, store)
    return _assemble([(names[n], made[n]) for n in range(len(entries))], texts)


def _built(path: Path, name: str, content: str, store: ArticleStore | None) -> Article | SkippedFile:
    """The article a file's text makes (stored for the next build), or why it makes none."""
    try:
        article = replace(_build(path, content), path=name)
    except IngestError as exc:
        return SkippedFile(name, exc.problem, severity="error")
    if store:
        store.put(name, content, article)
    return article


def _assemble(found: list[tuple[str, Article | SkippedFile]], texts: dict[int, str]) -> IngestResult:
    """The articles in the files' order, each text once (the first copy by name) and each id once."""
    articles: list[Article] = []
    skipped: list[SkippedFile] = []
    by_content: dict[str, int] = {}
    by_id: dict[str, str] = {}
    duplicates: dict[int, list[str]] = {}
    for n, (name, article) in enumerate(found):
        if isinstance(article, SkippedFile):
            skipped.append(article)
            continue
        key = hashlib.sha256(texts[n].encode("utf-8")).hexdigest()
        if key in by_content:
            first = by_content[key]
            duplicates.setdefault(first, []).append(name)
            skipped.append(SkippedFile(name, f"exact duplicate of {articles[first].path}", severity="note"))
        elif article.id in by_id:
            problem = f"same id '{article.id}' as {by_id[article.id]} (ids are file names without extension)"
            problem += ": rename one"
            skipped.append(SkippedFile(name, problem, severity="error"))
        else:
            by_content[key] = len(articles)
            by_id[article.id] = name
            articles.append(article)
    for index, paths in duplicates.items():
        articles[index] = replace(articles[index], duplicates=tuple(paths))
    return IngestResult(articles=tuple(articles), skipped=tuple(skipped))


def _list_folder(folder: Path) -> list[Path]:
    """The folder's visible entries, sorted by name so that builds are deterministic."""
    if not folder.exists():
        raise IngestError(str(folder), "no such folder: create it or set 'articles' in briefings.yml to your articles")
    if not folder.is_dir():
        raise IngestError(str(folder), "not a folder: set 'articles' in briefings.yml to the folder of article files")
    try:
        return sorted((p for p in folder.iterdir() if not p.name.startswith(".")), key=lambda p: p.name)
    except OSError as exc:
        raise IngestError(str(folder), f"cannot list the folder: {exc.strerror or exc}") from exc


_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _printable(name: str) -> str:
    """A file name as messages and the build report show it: bytes that are not UTF-8 (which
    Python keeps as lone surrogates), control and text-direction characters as ``\\xNN``
    escapes, so that a name can neither break a message's line nor fail to print."""

    def escaped(m: re.Match[str]) -> str:
        ch = m.group()
        if "\ud800" <= ch <= "\udfff":  # a byte that was not UTF-8
            return f"\\x{ch.encode('utf-8', 'surrogateescape')[0]:02x}"
        return ch.encode("unicode_escape").decode("ascii")

    return _UNPRINTABLE.sub(escaped, name)


def _name_problem(path: Path) -> str | None:
    """Why a file's name cannot name an article (its id is the name without extension, and
    names its page and cache entries), or None."""
    rename = "rename the file"
    try:
        stem = path.stem.encode("utf-8")
    except UnicodeEncodeError:
        return f"the file name is not UTF-8 text: {rename} (letters, digits, '-' and '_' are safe)"
    if _UNPRINTABLE.search(path.name) or "\\" in path.name:
        return f"the file name holds a backslash, a control or a text-direction character: {rename}"
    if len(stem) > MAX_STEM_BYTES:
        return f"the file name is too long ({len(stem)} bytes before the extension; at most {MAX_STEM_BYTES}): {rename}"
    return None


def _link_problem(path: Path, root: Path) -> str | None:
    """Why a symbolic link is not read: one that leads out of the articles folder (to a
    checkout's ``.git/config``, to ``/etc/passwd``) would publish that file. A link to a file
    inside the folder is read."""
    if not path.is_symlink():
        return None
    if not Path(os.path.realpath(path)).is_relative_to(root):
        return "a symbolic link that leads out of the articles folder: not read (copy the article into the folder)"
    return None


def _size(n: int) -> str:
    """A byte count for people: ``3.1 MB``, ``12.0 kB``, ``300 bytes``."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    return f"{n / 1000:.1f} kB" if n >= 1000 else f"{n} bytes"


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or an IngestError for what is not a readable file of sane size."""
    name = str(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise IngestError(name, f"cannot read: broken symbolic link to {os.readlink(path)}") from None
        raise IngestError(name, "cannot read: the file disappeared while the folder was read") from None
    except OSError as exc:
        raise IngestError(name, f"cannot read: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise IngestError(name, "cannot read: a folder, not a file (rename it or move it out of the articles folder)")
    if not stat.S_ISREG(info.st_mode):
        raise IngestError(name, "cannot read: not a regular file")
    too_large = f"too large: {{}}, over the {_size(max_bytes)} limit (set max_article_bytes to raise it)"
    if info.st_size > max_bytes:
        raise IngestError(name, too_large.format(_size(info.st_size)))
    try:  # a link is read where it leads (checked to be inside the folder), the rest never through one
        link = path.is_symlink()
        data = read_regular(Path(os.path.realpath(path)) if link else path, follow_symlinks=False, limit=max_bytes)
    except OSError as exc:
        raise IngestError(name, f"cannot read: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise IngestError(name, too_large.format(f"over {_size(max_bytes)}"))
    return data


def _decode(data: bytes, name: str) -> str:
    """The file's text with newlines normalised to ``\\n``; IngestError for what is not text."""
    if not data:
        raise IngestError(name, "empty file (0 bytes): nothing to read")
    text = None
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                problem = f"starts with a {codec.upper()} byte-order mark but is not {codec} ({exc.reason})"
                raise IngestError(name, problem) from None
            break
    if text is None:
        nul = data.find(b"\x00")
        if nul >= 0:
            raise IngestError(name, f"binary file, not text (NUL byte at offset {nul})")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = _decode_legacy(data)
            if text is None:
                raise IngestError(
                    name,
                    f"not UTF-8 text and no legacy encoding fits (byte 0x{data[exc.start]:02x} at offset {exc.start}):"
                    " save it as UTF-8",
                ) from None
    if "\x00" in text:
        raise IngestError(name, "binary file, not text (NUL character after decoding)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise IngestError(name, f"only whitespace ({_size(len(data))}): no article text")
    return text


def _decode_legacy(data: bytes) -> str | None:
    """The text in the first legacy encoding that decodes to plausible text, else None.

    Latin-1 decodes any bytes at all, so a result is only trusted when it has no
    control characters: those betray a file in some other encoding.
    """
    for codec in LEGACY_ENCODINGS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            return text
    return None


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML without anchors and aliases (``&a``, ``*a``). Front matter is a few ``key: value``
    lines and never needs them; aliases of aliases expand to billions of items from a few
    hundred bytes (a "billion laughs"), so a document with any is refused as it is read."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (&name, *name) are not allowed: write each value out", event.start_mark
            )
        return super().compose_node(parent, index)


def _shown(value: Any) -> str:
    """A value for a message: its ``repr``, cut short (a message is one line, not the value)."""
    return _SHOWN.repr(value)


def _front_matter(content: str, name: str) -> tuple[dict[str, Any], str]:
    """Split a Markdown file into its validated YAML front matter and its body."""
    if not re.match(r"---[ \t]*\n", content):
        return {}, content
    opening = content.index("\n") + 1
    end = _FRONT_MATTER_END.search(content, opening)
    if not end:
        raise IngestError(name, "front matter opened with '---' on line 1 is never closed: add a '---' line after it")
    try:
        meta = yaml.load(content[opening : end.start()], Loader=_FrontMatterLoader)
    except yaml.YAMLError as exc:
        # The context mark points where the faulty value starts (an unclosed quote), the
        # problem mark where the parser gave up; +2 turns it into a line of the file.
        mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark else ""
        what = "; ".join(str(p) for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p)
        raise IngestError(name, f"front matter is not valid YAML{where}: {what or exc}") from None
    except ValueError as exc:  # PyYAML builds dates itself: "published: 2022-02-30"
        raise IngestError(name, f"front matter: 'published' is not a real day ({exc}); write YYYY-MM-DD") from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise IngestError(name, "front matter must be 'key: value' lines")
    unknown = sorted(_shown(k).strip("'") for k in meta if k not in FRONT_MATTER_KEYS)
    if unknown:
        raise IngestError(name, f"front matter: unknown key '{unknown[0]}' (known: {', '.join(FRONT_MATTER_KEYS)})")
    checked = {k: _front_matter_value(k, v, name) for k, v in meta.items() if v is not None}
    body = content[end.end() + 1 :] if content[end.end() : end.end() + 1] == "\n" else content[end.end() :]
    return checked, body


def _front_matter_value(key: str, value: Any, name: str) -> Any:
    """One front-matter value in the type the Article wants, or an IngestError naming the key."""
    if key == "published":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise IngestError(name, f"front matter: 'published' must be a date written YYYY-MM-DD, not {_shown(value)}")
    if not isinstance(value, str) or not value.strip():
        raise IngestError(name, f"front matter: '{key}' must be text, not {_shown(value)} (put it in quotes)")
    value = value.strip()
    if key == "url" and not re.fullmatch(r"https?://\S+", value):
        raise IngestError(
            name, f"front matter: 'url' must be a web address starting with https://, not {_shown(value)}"
        )
    if key == "language" and not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*", value):
        raise IngestError(name, f"front matter: 'language' must be a language code such as 'en', not {_shown(value)}")
    return value


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


def _build(path: Path, content: str) -> Article:
    """Split decoded ``content`` into report and boilerplate and find its metadata."""
    name = str(path)
    markdown = path.suffix.lower() == ".md"
    meta, text = _front_matter(content, name) if markdown else ({}, content)
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
