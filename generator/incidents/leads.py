"""What one article reports, read before articles are compared: where its event
mentions happened, when, and which of them report its news and which are background.

News follows the inverted pyramid: the headline and the first paragraph (the
*lead*) name the main event, its place and day; later paragraphs add detail,
and background — an older attack, a conflict's toll, a pattern of attacks —
comes with its own time markers ("last year", "in October 2020", "in recent
years", "repeated attacks"). So each mention gets a *role*:

- ``lead``: in the headline or the lead;
- ``report``: later, but of the article's own time (an event of the same days:
  the main one, or another one a roundup reports beside it);
- ``background``: a series, or a time other than the article's own.

Places resolve in the countries the article is about (the countries it names
and the nationalities it gives, most named first): "Palma" in a report on
Mozambique is not the Spanish city. In one sentence, a region or country named
beside a town says where the town is ("in Solhan village, in the Sahel's Yagha
province"; "in Kuriga, Kaduna State"), not where another event happened.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from ..figures import parse_day, parse_period
from ..models import Article, EventMention
from .gazetteer import Gazetteer, Location, is_region_name, region_core
from .nesting import UNKNOWN, fold_places, settlement_name

LEAD, REPORT, BACKGROUND = "lead", "report", "background"
DAYS_APART = 3
"""Reports of one event date it within this many days of each other."""
_OWN_DAYS = 7
"""An undated article came out within about a week of its incident."""
_FOLLOW_UP_DAYS = 14
"""A dated article's mention without date words is of the two weeks before publication (a
follow-up tells of the days before without naming them)."""
_LONG_PERIOD = 14
"""A period longer than this ("in 2020", "in October") dates background, not the news of the day."""

Span = tuple[dt.date, dt.date]


def mention_key(m: EventMention) -> tuple[str, int, int]:
    """One event mention: its article, sentence and place."""
    return m.article, m.sentence_start, m.place_offsets[0] if m.place_offsets else -1


@dataclass(frozen=True, slots=True)
class Placed:
    """One event mention as the article tells it: where, when, and in what role."""

    mention: EventMention
    location: Location | None
    """Where it happened; None when its sentence names no place ("the attack on Tuesday")."""
    name: str | None
    """The place as written, for a town or region (None for a country)."""
    role: str
    """:data:`LEAD`, :data:`REPORT` or :data:`BACKGROUND`."""
    time: Span | None
    """The first and last day it can have happened on; None when unknown."""
    dated: bool = False
    """Whether its own words date it ("on Friday"), rather than the article's day."""

    @property
    def day(self) -> dt.date | None:
        """The day it happened on, when the article says which."""
        return self.time[0] if self.time and self.time[0] == self.time[1] else None


@dataclass(frozen=True, slots=True)
class ArticleReading:
    """An article's event mentions, placed, dated and given their roles, in the article's order."""

    article: str
    countries: tuple[str, ...]
    """The countries the article is about, most named first."""
    day: dt.date | None
    """The day of the event it leads with, when it says."""
    placed: tuple[Placed, ...]


def plain_reading(reading: ArticleReading, mentions: Sequence[EventMention]) -> tuple | None:
    """The reading as plain values (for a cache: see :func:`reading_from_plain`), each
    mention by its place among the article's ``mentions``; ``None`` when one is not among
    them (a mention the reading made itself)."""
    index = {id(m): n for n, m in enumerate(mentions)}
    placed = []
    for p in reading.placed:
        n = index.get(id(p.mention))
        if n is None:
            return None
        loc = p.location
        where = None if loc is None else (loc.name, loc.country, loc.kind, loc.latitude, loc.longitude, loc.within)
        time = None if p.time is None else (p.time[0].toordinal(), p.time[1].toordinal())
        placed.append((n, where, p.name, p.role, time, p.dated))
    return list(reading.countries), reading.day.toordinal() if reading.day else None, placed


def reading_from_plain(article: str, plain: tuple, mentions: Sequence[EventMention]) -> ArticleReading:
    """The reading :func:`plain_reading` gave as ``plain``, of the same ``mentions``."""
    countries, day, placed = plain
    return ArticleReading(
        article,
        tuple(countries),
        dt.date.fromordinal(day) if day is not None else None,
        tuple(
            Placed(
                mentions[n],
                None if where is None else Location(*where),
                name,
                role,
                None if time is None else (dt.date.fromordinal(time[0]), dt.date.fromordinal(time[1])),
                dated,
            )
            for n, where, name, role, time, dated in placed
        ),
    )


def read_article(
    article: Article,
    mentions: Sequence[EventMention],
    gazetteer: Gazetteer,
    estimate: dt.date | None = None,
    before: ArticleReading | None = None,
) -> ArticleReading:
    """Place, date and sort the event mentions of one article. An undated article is read
    against an ``estimate`` of its day, when one is known (its weekdays are then the nearest
    ones to it); otherwise its relative dates stay unknown. Read again so, it keeps the places
    of its reading ``before`` (of the same ``mentions``): where its events happened does not
    depend on their days, and is the costlier half of reading it."""
    # An undated article came out in the days after its incident: its weekdays are the nearest
    # ones to the incident's day, its "last week" is counted from the week after.
    reference = article.published or (estimate + dt.timedelta(days=_OWN_DAYS) if estimate else None)
    redated = mentions
    if article.published is None and estimate is not None:
        redated = [_redated(m, estimate) for m in mentions]
    lead = lead_end(article)
    if before is None:
        countries, located = _place(article, redated, lead, gazetteer)
    else:
        again = {id(m): new for m, new in zip(mentions, redated, strict=True)}
        countries = before.countries
        located = [(again[id(p.mention)], p.location, p.name) for p in before.placed]
    day = _lead_day(located, lead)
    own: Span | None = (day, day) if day else None
    if own is None and article.published:
        own = (article.published - dt.timedelta(days=_FOLLOW_UP_DAYS), article.published)
    elif own is None and estimate:
        # About the day of the incident it shares with dated articles: near it, but no vote for it.
        own = (estimate - dt.timedelta(days=DAYS_APART), estimate + dt.timedelta(days=DAYS_APART))
    placed = []
    for m, location, name in located:
        time = _time(m, reference, own)
        role = LEAD if m.sentence_start < lead else REPORT
        if m.background or _other_time(time, own):
            role = BACKGROUND
        placed.append(Placed(m, location, name, role, time, dated=bool(m.when and time)))
    return ArticleReading(article.id, countries, day, tuple(placed))


def _place(
    article: Article, mentions: Sequence[EventMention], lead: int, gazetteer: Gazetteer
) -> tuple[tuple[str, ...], list[tuple[EventMention, Location | None, str | None]]]:
    """The countries an article is about, and its event mentions with their places."""
    # Every country the report names, by name or nationality, and where (offsets in the text).
    named = [
        (s.start + at, c) for s in article.report for at, c in gazetteer.countries_at(article.text[s.start : s.end])
    ]
    countries, main = _countries(named, lead, mentions, gazetteer)
    located = [
        p
        for group in _by_sentence(mentions)
        for p in _locate(article, group, countries, [n for n in named if n[1] in main], gazetteer)
    ]
    return countries, located


def lead_end(article: Article) -> int:
    """Where an article's lead ends: after its headline and first paragraph of reporting
    (a line of a few words under the headline is a subheading, a byline or a credit)."""
    paragraphs = [s for s in article.report if s.kind == "paragraph"]
    for span in paragraphs:
        if len(article.text[span.start : span.end].split()) >= 10:
            return span.end
    return paragraphs[0].end if paragraphs else (article.report[-1].end if article.report else 0)


_day_of = lru_cache(maxsize=4096)(parse_day)
_period_of = lru_cache(maxsize=4096)(parse_period)
"""The same words read against the same day recur across a corpus ("on Tuesday", "last year")."""


def _redated(m: EventMention, estimate: dt.date) -> EventMention:
    """An undated article's weekdays, read as the nearest ones to the day of its incident."""
    if not m.when:
        return m
    day = _day_of(m.when, estimate, nearest=True)
    return m if day == m.date else replace(m, date=day)


def _time(m: EventMention, reference: dt.date | None, own: Span | None) -> Span | None:
    if m.date:
        return (m.date, m.date)
    if m.when:
        return _period_of(m.when, reference)
    return own


def _other_time(time: Span | None, own: Span | None) -> bool:
    """Is a mention dated outside the days the article reports on? With no such days known,
    a long period ("in 2020", "in October") dates background."""
    if time is None:
        return False
    if own is None:
        return (time[1] - time[0]).days > _LONG_PERIOD
    return not near(time, own)


def near(a: Span, b: Span) -> bool:
    """Do two stretches of time lie within :data:`DAYS_APART` days of each other?"""
    slack = dt.timedelta(days=DAYS_APART)
    return a[0] - slack <= b[1] and b[0] - slack <= a[1]


def _lead_day(located: list[tuple[EventMention, Location | None, str | None]], lead: int) -> dt.date | None:
    """The day of the event an article leads with: the first day its lead gives an event, else
    the first day the rest of it gives one (a follow-up tells the day further down)."""
    events = [m for m, _, _ in located if m.kind and m.date and not m.background]
    first = next((m for m in events if m.sentence_start < lead), events[0] if events else None)
    return first.date if first else None


# ------------------------------------------------------------------------ where


def _countries(
    named_at: list[tuple[int, str]], lead: int, mentions: Sequence[EventMention], gazetteer: Gazetteer
) -> tuple[tuple[str, ...], frozenset[str]]:
    """The countries an article names: by name or nationality ("NIAMEY, Niger", "Burkinabe
    President"), most named first, the headline and lead counting double (when it names none,
    the countries of the places it names); and those it is about, named a third as often as
    the most named one at least (not "workers from South Africa, the UK and France")."""
    named: Counter[str] = Counter()
    for at, country in named_at:
        named[country] += 2 if at < lead else 1
    if not named:
        for m in mentions:
            for name in m.places:
                countries = gazetteer.countries_of(name)
                if len(countries) == 1:
                    named[countries[0]] += 1
    top = max(named.values(), default=0)
    return tuple(sorted(named, key=lambda c: -named[c])), frozenset(c for c in named if 3 * named[c] >= top)


_LOCATING = re.compile(r"\b(?:in|of|inside|across|within|near)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.I)


def _as_a_place(text: str, at: int) -> bool:
    """Is the country named as where something is ("in neighbouring Niger", "Mali's Ménaka
    region"), not as where people come from ("workers from South Africa, the UK and France")?"""
    after = text[at : at + 40].split(None, 1)[0] if text[at : at + 40].strip() else ""
    return bool(_LOCATING.search(text[max(0, at - 40) : at])) or after.endswith(("'s", "’s"))


def _by_sentence(mentions: Sequence[EventMention]) -> list[list[EventMention]]:
    groups: dict[int, list[EventMention]] = {}
    for m in mentions:
        groups.setdefault(m.sentence_start, []).append(m)
    return list(groups.values())


def _locate(
    article: Article,
    sentence: list[EventMention],
    countries: tuple[str, ...],
    main: list[tuple[int, str]],
    gazetteer: Gazetteer,
) -> list[tuple[EventMention, Location | None, str | None]]:
    """The event mentions of one sentence with their places, in the sentence's countries first,
    then the article's; a region or country that holds a town named beside it is folded into it,
    and so is a site no table knows ("the Hyatt hotel in the capital, Mogadishu")."""
    # The countries the article is about that the sentence names as places, and where.
    start, end = sentence[0].sentence_start, sentence[0].sentence_end
    named = [(at, c) for at, c in main if start <= at < end and _as_a_place(article.text, at)]
    demonyms = [c for m in sentence for c in m.countries]
    found: list[tuple[EventMention, Location | None, str | None]] = []
    for m in sentence:
        if not m.kind:
            continue
        placed = False
        for name, at in zip(m.places, m.place_offsets or (0,) * len(m.places), strict=False):
            # Of the countries the article is about, the one named nearest the place first ("in
            # Bama, in Burkina Faso, while in neighbouring Niger an ambush near Tillia"), then the
            # article's, most named first; a nationality the sentence gives comes last, as it is
            # often the attackers' ("a Russian missile struck …").
            nearest = [c for _, c in sorted(named, key=lambda n: abs(n[0] - at))]
            context = tuple(dict.fromkeys((*nearest, *countries, *demonyms)))
            loc = gazetteer.locate(name, context) or _known_start(name, context, gazetteer)
            if loc is None and gazetteer.could_be_place(name):
                # A place no table knows (or knows only elsewhere) is still a place, in the
                # country its text names ("in Boulkessi, in central Mali").
                if is_region_name(name):
                    loc = Location(region_core(name), context[0] if context else None, "province")
                else:
                    loc = Location(settlement_name(name), context[0] if context else None, UNKNOWN)
            if loc is not None:
                found.append((m, loc, name if loc.kind != "country" else None))
                placed = True
        if not placed and len(m.countries) == 1:
            # "Islamic State ambush kills 23 Syrian soldiers": in the country its nationality names
            country = gazetteer.locate(m.countries[0])
            if country is not None and country.kind == "country":
                found.append((m, country, None))
                placed = True
        if not placed:  # no place, or none that is one ("a conference in Africa")
            found.append((m, None, None))
    return fold_places(article, found)


def _known_start(name: str, context: tuple[str, ...], gazetteer: Gazetteer) -> Location | None:
    """A name no table knows that starts with a town's ("Peshawar Police Lines") is in that town."""
    words = name.split()
    for size in range(len(words) - 1, 0, -1):
        loc = gazetteer.locate(" ".join(words[:size]), context)
        if loc is not None and loc.kind != "country":
            return loc
    return None
