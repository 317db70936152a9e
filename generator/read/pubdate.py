"""Finding an article's publication date, headline, title and publisher in its text.

Saved news pages print the date in a line of its own, a *dateline*, in the
site's house style: ``Status: 01/22/2022 3:17 p.m``, ``Friday 21 January 2022
13:49 GMT``, ``2022/01/22 | 04:48 - Source: Iraq News``. The gold corpus also
prefixes the first line with `` date 2022-01-21 ``. A line counts as a dateline
only when nothing but dates, times, labels (``Published``, ``Updated``…) and a
``Source:`` is left in it, so a report sentence that mentions a date ("During
the early hours of January 21, …") stays report text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .boilerplate import AGENCIES

_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_MONTHS = {
    m: i
    for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)
}


def date_patterns() -> tuple[str, ...]:
    """Dates as news pages print them, each with a year.

    Matches, for example:
    - 2022-01-21, 2022-01-21T13:49:00Z, 2022-01-21 13:49:00+01:00
    - 2022/01/22, 2022.01.22
    - 01/22/2022 (month first when the day shows it, or by default with "/"), 22/01/2022, 22.01.2022
    - 21 January 2022, 21 Jan 2022, 21st of January, 2022
    - January 21, 2022, Jan. 21 2022
    """
    return (
        r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
        r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)",
        r"(?<!\d)(?P<y>\d{4})[/.](?P<m>\d{1,2})[/.](?P<d>\d{1,2})(?!\d)",
        r"(?<!\d)(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})(?!\d)",
        rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?{_MONTH}\b\.?,?\s+(?P<y>\d{{4}})(?!\d)",
        rf"\b{_MONTH}\b\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)",
    )


def dateline_words() -> tuple[str, ...]:
    """What else a dateline may hold: times, time zones, weekdays, labels, separators.

    Matches, for example:
    - 13:49, 3:17 p.m, 04:48, 9.30am, 15:17 Uhr, 3 pm
    - GMT, UTC+3, EST, +0100
    - Friday, Fri.
    - Published:, Last updated, Status:, Stand:, Posted on, First published on, at
    """
    return (
        r"(?<!\d)\d{1,2}(?:[:.h]\d{2}(?:[:.]\d{2})?)?\s*(?:[ap]\.?\s?m\b\.?|uhr\b|hrs\b|h\b)",
        r"(?<!\d)\d{1,2}[:.h]\d{2}(?:[:.]\d{2})?(?!\d)",
        r"\b(?:gmt|utc|bst|cet|cest|est|edt|cst|cdt|pst|pdt|mst|mdt|ist|eet|eest|msk|pkt|wat|eat|ast|et|pt)\b"
        r"(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?",
        r"[+-]\d{2}:?\d{2}\b",
        r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
        r"\b\.?",
        r"\b(?:first |last )?(?:published|posted|updated|modified|created|released|issued|dated?|status|stand)\b",
        r"\b(?:on|at|as of|am|um|le|el)\b",
    )


_DATES = tuple(re.compile(p, re.IGNORECASE) for p in date_patterns())
_WORDS = tuple(re.compile(p, re.IGNORECASE) for p in dateline_words())
_SOURCE = re.compile(r"(?:^|(?<=[\s|•·,;–—-]))source\s*:\s*(?P<pub>[^|•·;,]{1,60}?)\s*$", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|modified)\b", re.IGNORECASE)
_DATE_PREFIX = re.compile(r"\A(?:[ \t]*\n)*[ \t]*(?P<tag>date[ \t]+(?P<date>\d{4}-\d{2}-\d{2}))(?=\s|\Z)[ \t]*")


@dataclass(frozen=True, slots=True)
class Dateline:
    """What a dateline says."""

    date: dt.date
    """The publication date, or the update date when that is the only one given."""
    updated: bool = False
    """True when the only date on the line is labelled ``Updated``/``Modified``."""
    publisher: str | None = None
    """The name after ``Source:`` on the line, if any."""


def _to_date(match: re.Match[str]) -> dt.date | None:
    """The date a pattern of :func:`date_patterns` matched, or None if it is no real day."""
    g = match.groupdict()
    year = int(g["y"])
    if g.get("mon"):
        month, day = _MONTHS[g["mon"][:3].lower()], int(g["d"])
    elif g.get("a"):
        a, b = int(g["a"]), int(g["b"])
        # 01/22/2022 can only be month first; 22/01/2022 only day first. When both
        # read as a month, "/" follows US usage and "." or "-" European usage.
        month_first = b > 12 or (a <= 12 and g["sep"] == "/")
        month, day = (a, b) if month_first else (b, a)
    else:
        month, day = int(g["m"]), int(g["d"])
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(line: str) -> list[tuple[int, int, dt.date]]:
    """Every date in ``line`` as ``(start, end, date)``, in order, without overlaps."""
    found: list[tuple[int, int, dt.date]] = []
    for pattern in _DATES:
        for m in pattern.finditer(line):
            date = _to_date(m)
            if date and not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), date))
    return sorted(found, key=lambda f: f[0])


def parse_dateline(line: str) -> Dateline | None:
    """The date (and source) of ``line`` if the line is a dateline, else None."""
    if len(line) > 160:
        return None
    publisher = None
    rest = line
    source = _SOURCE.search(line)
    if source:
        publisher, rest = clean_name(source.group("pub")), line[: source.start()]
    dates = find_dates(rest)
    if not dates:
        return None
    residue = "".join(ch for i, ch in enumerate(rest) if not any(s <= i < e for s, e, _ in dates))
    for pattern in _WORDS:
        residue = pattern.sub(" ", residue)
    if re.search(r"[^\W_]", residue):
        return None
    labelled = []
    previous_end = 0
    for start, end, date in dates:
        labelled.append((bool(_UPDATED.search(rest[previous_end:start])), date))
        previous_end = end
    published = [date for updated, date in labelled if not updated]
    if published:
        return Dateline(published[0], publisher=publisher)
    return Dateline(labelled[0][1], updated=True, publisher=publisher)


def date_prefix(text: str) -> tuple[dt.date, int, int] | None:
    """The gold corpus's `` date YYYY-MM-DD `` prefix: its date and the offsets of the
    tag (``start``, ``end`` of ``date YYYY-MM-DD``), or None when the text has none.

    Raises ValueError when the prefix is there but its date is not a real day.
    """
    m = _DATE_PREFIX.match(text)
    if not m:
        return None
    try:
        date = dt.date.fromisoformat(m.group("date"))
    except ValueError as exc:
        raise ValueError(f"the first line starts with '{m.group('tag')}' but that is not a real day ({exc})") from exc
    return date, m.start("tag"), m.end("tag")


def clean_name(name: str) -> str | None:
    """A publisher's name as printed, trimmed; None when it does not look like a name."""
    name = " ".join(name.strip(" \t()[]-–—.:").split())
    if not name or len(name) > 60 or len(name.split()) > 6 or not name[0].isalnum():
        return None
    return name


_AGENCY_ALONE = re.compile(
    r"[—–(\s-]*(?P<name>" + "|".join(re.escape(a) for a in sorted(AGENCIES, key=len, reverse=True)) + r")[)\s.]*",
    re.IGNORECASE,
)
_SOURCE_ALONE = re.compile(r"source\s*:\s*(?P<name>[^,;|&]{1,60})", re.IGNORECASE)


def credited_publisher(line: str) -> str | None:
    """The publisher a credit line names, when it names exactly one.

    ``Reuters`` alone or ``Source: Iraq News`` name the publisher; ``With AP,
    AFP and Reuters`` only credits agencies that contributed, so it names none.
    """
    m = _AGENCY_ALONE.fullmatch(line) or _SOURCE_ALONE.fullmatch(line)
    if not m or re.search(r"\band\b", m.group("name"), re.IGNORECASE):
        return None
    return clean_name(m.group("name"))


def is_headline(line: str) -> bool:
    """Whether ``line`` reads like a headline: short, starting with a capital or a
    digit, not ending like a sentence (``.``, ``,``, ``;``, ``:``), not a dateline."""
    first = next((ch for ch in line if ch.isalnum()), "")
    return (
        0 < len(line) <= 160
        and len(line.split()) <= 25
        and (first.isupper() or first.isdigit())
        and line[-1] not in ".,;:"
        and parse_dateline(line) is None
    )


_ABBREVIATIONS = frozenset(
    ("mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "sgt", "capt", "maj", "gov", "sen", "rep", "prof", "jr", "sr",
     "no", "vs", "etc", "inc", "corp", "co", "ltd", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
     "oct", "nov", "dec")
)  # fmt: skip
_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_WIRE_DATELINES = (
    re.compile(r"\A\([^()]{1,60}\)\s*[-–—]\s*"),  # "(ThisDay | Iraq News Now )- "
    re.compile(r"\A[A-Z][A-Z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,40})?\s*(?:\([\w .]{1,20}\))?\s*[-–—]+\s+"),
)


def first_sentence(paragraph: str) -> str:
    """The first sentence of ``paragraph``, not fooled by ``Mr.`` or ``U.S.``."""
    for m in _SENTENCE_END.finditer(paragraph):
        word = re.search(r"(\w+)\W*$", paragraph[: m.start() + 1])
        if word and (word.group(1).lower() in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        return paragraph[: m.start() + 1]
    return paragraph


def title_from_paragraph(paragraph: str, limit: int = 120) -> str:
    """A title made of the paragraph's first sentence, cut on a word boundary
    with "…" past ``limit`` characters, for articles without a headline. A wire
    dateline before it (``HASAKEH, Syria — ``) is left out."""
    for pattern in _WIRE_DATELINES:
        paragraph = pattern.sub("", paragraph, count=1)
    sentence = " ".join(first_sentence(paragraph).split())
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[: limit + 1].rsplit(" ", 1)[0] if " " in sentence[: limit + 1] else sentence[:limit]
    return cut.rstrip(" ,;:–—-(") + "…"
