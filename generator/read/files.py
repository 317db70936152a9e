"""Reading the articles folder: one :class:`Article` or one :class:`SkippedFile` per file.

This is the first stage of the pipeline. It lists the folder (refusing links out of
it and names no page can carry), reads bytes (regular files of sane size only),
decodes them (UTF-8, else a BOM-marked UTF-16/32, else a legacy Windows/Latin-1
encoding) and hands the text to :mod:`.article`, which makes the Article; exact
copies are built once.

Bad input never stops a build: a file that cannot be used becomes a
:class:`SkippedFile` whose reason says what is wrong, so the build report can
list it and ``--strict`` can fail on it. Only a missing folder is fatal.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from ..models import Article, IngestResult, SkippedFile
from ..safe_files import read_regular
from .article import IngestError, build_article

ARTICLE_SUFFIXES = (".txt", ".md")
NOT_AN_ARTICLE = "not an article (only .txt and .md are read)"
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
MAX_STEM_BYTES = 200
"""Longest file name (without extension) read: pages, cache entries and their temporary
files add their own prefixes and suffixes, and most file systems stop at 255 bytes."""


def read_article(path: Path, *, max_bytes: int = 2_000_000) -> Article:
    """Read one article file, or raise :class:`IngestError` saying what is wrong with it."""
    name = str(path)
    if path.suffix.lower() not in ARTICLE_SUFFIXES:
        raise IngestError(name, NOT_AN_ARTICLE)
    return build_article(path, _decode(_read_bytes(path, max_bytes), name))


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
    before they are stored and the stored articles are read: new articles are the ones
    a build must parse, and the caller can start on that (loading spaCy takes a while)
    meanwhile.
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
    built = [n for n, text in texts.items() if store is None or not store.holds(names[n], text)]
    made.update((n, _built(entries[n], names[n], texts[n])) for n in built)
    if fresh is not None:
        fresh(tuple(article for n in built if isinstance(article := made[n], Article)))
    if store is not None:
        for n, text in texts.items():
            if n not in made:  # stored; analysed again only if its entry is damaged
                if (article := store.get(names[n], text)) is None:
                    built.append(n)
                    article = _built(entries[n], names[n], text)
                made[n] = article
        # Stored once the parse has started: a cold build's 5,000 writes no longer delay it.
        for n in built:
            if isinstance(article := made[n], Article):
                store.put(names[n], texts[n], article)
    return _assemble([(names[n], made[n]) for n in range(len(entries))], texts)


def _built(path: Path, name: str, content: str) -> Article | SkippedFile:
    """The article a file's text makes, or why it makes none."""
    try:
        return replace(build_article(path, content), path=name)
    except IngestError as exc:
        return SkippedFile(name, exc.problem, severity="error")


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
