"""What date words mean, counted from a reference day (usually publication).

``parse_day`` reads words that name one day: "Thursday", "late Thursday",
"January 20", "the night of January 20", "Friday 21 January 2022",
"yesterday", "three days ago". ``parse_period`` reads words that name a stretch
of time: "last March", "in July", "last year", "in 2014", "last week", "a month
ago" — enough to tell that a figure belongs to another time than the incident
at hand.
"""

from __future__ import annotations

import datetime as dt
import re

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ]
    )
}
_MONTH = "|".join(_MONTHS)
_YEARS = (1900, 2100)
"""The years a day named with its year may fall in; others are read as naming no day."""


def parse_day(text: str, reference: dt.date | None, *, nearest: bool = False) -> dt.date | None:
    """The day ``text`` names. A weekday is the last one on or before ``reference``
    (a report tells of the past), or with ``nearest`` the one closest to it (for an
    article whose own date is unknown and ``reference`` is an estimate)."""
    low = text.lower()
    m = re.search(rf"\b({_MONTH})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b", low) or re.search(
        rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})(?:,?\s+(\d{{4}}))?\b", low
    )
    if m:
        a, b, year = m.groups()
        month, day = (_MONTHS[a], int(b)) if a in _MONTHS else (_MONTHS[b], int(a))
        if year is None and reference is None:
            return None
        if year is not None and not _YEARS[0] <= int(year) <= _YEARS[1]:
            return None  # "January 1, 0001" is no report's day, and a week either side of it is no date at all
        try:
            candidate = dt.date(int(year) if year else reference.year, month, day)
        except ValueError:
            return None
        if not year and reference is not None and (candidate - reference).days > 31:
            candidate = candidate.replace(year=reference.year - 1)  # "December 30" read in January
        return candidate
    if reference is None:
        return None
    for i, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            back = (reference.weekday() - i) % 7
            if nearest and back > 3:
                return reference + dt.timedelta(days=7 - back)
            return reference - dt.timedelta(days=back)
    ago = _ago(low)
    if ago is not None and ago[1] in ("day", "week") and not re.search(r"\b(?:a few|several)\b", low):
        return reference - dt.timedelta(days=ago[0] * (7 if ago[1] == "week" else 1))
    if re.search(r"\b(?:yesterday|the (?:previous|preceding) (?:day|night|evening)|the (?:day|night) before)\b", low):
        return reference - dt.timedelta(days=1)
    if re.search(r"\b(today|tonight|this morning)\b", low):
        return reference
    return None


def parse_period(text: str, reference: dt.date | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a stretch of time the words name, if they name one
    that is not a single day: "last March", "in July", "last year", "in 2014". With no
    ``reference`` only words that give their year are read ("in October 2020")."""
    low = text.lower()
    year = re.search(r"\b(19\d\d|20\d\d)\b", low)
    if reference is None and year is None:
        return None
    month = re.search(rf"\b({_MONTH})\b", low)
    if month and not re.search(r"\d{1,2}", low.replace(year.group(1), "") if year else low):
        number = _MONTHS[month.group(1)]
        y = int(year.group(1)) if year else reference.year
        if not year and (number > reference.month or (number == reference.month and "last" in low)):
            y -= 1
        last = dt.date(y + (number == 12), number % 12 + 1, 1) - dt.timedelta(days=1)
        return dt.date(y, number, 1), last
    if year and not month:
        y = int(year.group(1))
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    if reference is None:
        return None
    if re.search(r"\blast year\b", low):
        return dt.date(reference.year - 1, 1, 1), dt.date(reference.year - 1, 12, 31)
    if re.search(r"\blast month\b", low):
        first = reference.replace(day=1)
        end = first - dt.timedelta(days=1)
        return end.replace(day=1), end
    if re.search(r"\blast week\b", low):
        monday = reference - dt.timedelta(days=reference.weekday())
        return monday - dt.timedelta(days=7), monday - dt.timedelta(days=1)
    if re.search(r"\bthis week\b", low):
        return reference - dt.timedelta(days=reference.weekday()), reference
    if re.search(r"\bthis month\b", low):
        return reference.replace(day=1), reference
    if re.search(r"\bthis year\b", low):
        return reference.replace(month=1, day=1), reference
    ago = _ago(low)
    if ago is not None and ago[1] in ("day", "week"):  # "a few days ago": not one day
        days = ago[0] * (7 if ago[1] == "week" else 1)
        return reference - dt.timedelta(days=2 * days), reference - dt.timedelta(days=max(1, days // 2))
    if ago is not None and ago[1] in ("month", "year"):
        days = ago[0] * (30 if ago[1] == "month" else 365)
        middle = reference - dt.timedelta(days=days)
        slack = dt.timedelta(days=days // 4 + 7)  # "a month ago", "two years ago" are rounded
        return middle - slack, min(reference, middle + slack)
    return None


_COUNT_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a few": 3, "several": 4}  # fmt: skip


def _ago(low: str) -> tuple[int, str] | None:
    """ "three days ago" → (3, "day"); "over a month ago" → (1, "month")."""
    m = re.search(r"\b(\d{1,3}|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|several)\s+"
                  r"(day|week|month|year)s?\s+ago\b", low)  # fmt: skip
    if not m:
        return None
    count = int(m.group(1)) if m.group(1).isdigit() else _COUNT_WORDS[m.group(1)]
    return count, m.group(2)
