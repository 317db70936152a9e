"""Which part of the search index each page belongs to: a rule that does not move when a
page is added, so that a rebuild indexes again only the parts whose pages changed.

A site of at most the budget of HTML (:data:`~.search_index.PART_BYTES`) is one part.
A larger one is grouped by the date their search facts give (an incident's day, an
article's publication): a part holds the pages of a span of days, and a span whose
pages hold more than the budget of HTML is halved, again and again (spans of 2^16
days from 1 January 1970, then 2^15…, down to a single day). Pages without a date
(the hand-written pages, undated articles), and a single day over the budget, are
halved by a hash of their path instead. A part is thus the same set of pages from one
build to the next unless one of its own pages comes, goes or grows it past the
budget; and the pages a new article changes (its page, its incident's, its day's
neighbours) share a date, so they share a part.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass

RULE = "days-then-hash-1"
"""Names the rule below: an index made by another rule is made again whole."""
FIRST_DAY = dt.date(1970, 1, 1).toordinal()
DAYS = 2**16
"""The span the dates are halved from: 1970 to 2149. A date outside it counts as none."""
HASH_BITS = 16
_DATE = re.compile(rb'data-pagefind-meta="date"[^>]*>(\d{4}-\d{2}-\d{2})<')


@dataclass(frozen=True, slots=True)
class IndexedPage:
    """A page the theme marked for search, as the partition sees it."""

    path: str
    """Its path in the site."""
    size: int
    """Bytes of HTML."""
    day: int | None
    """Its date (an ordinal), if its search facts give one in the span."""


def indexed_page(path: str, content: bytes) -> IndexedPage:
    """The page at ``path`` whose HTML is ``content``."""
    found = _DATE.search(content)
    day = None
    if found:
        try:
            day = dt.date.fromisoformat(found[1].decode()).toordinal()
        except ValueError:
            day = None
    if day is not None and not FIRST_DAY <= day < FIRST_DAY + DAYS:
        day = None
    return IndexedPage(path, len(content), day)


def partition(pages: list[IndexedPage], budget: int) -> dict[str, list[IndexedPage]]:
    """The parts, by name (dated spans first, in order of date, then the undated), each
    with its pages in the order given. A site within the budget is one part, ``all``."""
    if sum(p.size for p in pages) <= budget:
        return {"all": pages} if pages else {}
    parts: dict[str, list[IndexedPage]] = {}
    _by_days([p for p in pages if p.day is not None], FIRST_DAY, FIRST_DAY + DAYS, budget, parts)
    _by_hash([p for p in pages if p.day is None], "undated", 0, budget, parts)
    return parts


def _by_days(pages: list[IndexedPage], start: int, end: int, budget: int, parts: dict) -> None:
    if not pages:
        return
    if end - start == DAYS:
        name = "dated"
    else:
        name = f"{dt.date.fromordinal(start).isoformat()}-{dt.date.fromordinal(end - 1).isoformat()}"
    if sum(p.size for p in pages) <= budget:
        parts[name] = pages
    elif end - start == 1:
        _by_hash(pages, name, 0, budget, parts)
    else:
        middle = (start + end) // 2
        _by_days([p for p in pages if p.day < middle], start, middle, budget, parts)
        _by_days([p for p in pages if p.day >= middle], middle, end, budget, parts)


def _by_hash(pages: list[IndexedPage], name: str, depth: int, budget: int, parts: dict) -> None:
    if not pages:
        return
    if depth == HASH_BITS or sum(p.size for p in pages) <= budget:
        parts[name] = pages
        return
    bit = 1 << depth
    for value in (0, 1):
        half = [p for p in pages if bool(_hash(p.path) & bit) == bool(value)]
        _by_hash(half, f"{name}-{value}" if depth == 0 else f"{name}{value}", depth + 1, budget, parts)


def _hash(path: str) -> int:
    return int.from_bytes(hashlib.sha256(path.encode("utf-8")).digest()[:4], "little")
