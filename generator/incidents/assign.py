"""Each figure to the incident its sentence is about, or to none (a context figure).

A figure belongs to the incident its own sentence places it in ("12 were killed
in Mogadishu"), else to that of the nearest event sentence before it (the
paragraphs after a report tell more of it). It stays context when its sentence
tells of another time ("in July, 18 soldiers were killed"), of background that
is no incident here ("since twin bombings in Kampala in 2010 killed 76"), or of
more than one incident: a conflict's toll, a tally over a period, a whole
armed group's size (``tallies``).
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import fields
from functools import lru_cache
from operator import attrgetter

from ..figures import parse_day, parse_period
from ..models import Article, Claim, EventMention, Extraction, Incident
from .leads import BACKGROUND, DAYS_APART, ArticleReading, mention_key
from .tallies import counts_many_incidents

_AFTER = 7
"""How many days after its incident an undated article is taken to have come out."""
_CONTEXT_WORDS = re.compile(r"\b(across|throughout|prisons|camps|jails|nationwide)\b", re.I)


def assign_claims(
    extractions: Sequence[Extraction],
    readings: Mapping[str, ArticleReading],
    of_mention: Mapping[tuple[str, int, int], str],
    incidents: Mapping[str, Incident],
    by_article: Mapping[str, Article],
) -> tuple[Claim, ...]:
    """Every claim of every article, with its incident (or None)."""
    claims: list[Claim] = []
    for ex in extractions:
        reading = readings.get(ex.article)
        background = {mention_key(p.mention) for p in reading.placed if p.role == BACKGROUND} if reading else set()
        # Events placed in a town or region of their own (not merely in a country)
        in_a_town = {mention_key(p.mention) for p in reading.placed if p.name is not None} if reading else set()
        events = sorted(ex.events, key=lambda m: (m.sentence_start, mention_key(m)[2]))
        claims.extend(_assign(ex, events, background, in_a_town, of_mention, incidents, by_article[ex.article]))
    return tuple(claims)


def _assign(
    ex: Extraction,
    events: list[EventMention],
    background: set[tuple[str, int, int]],
    in_a_town: set[tuple[str, int, int]],
    of_mention: Mapping[tuple[str, int, int], str],
    incidents: Mapping[str, Incident],
    article: Article,
) -> list[Claim]:
    # The events come in the article's order: the sentences of those placed in an incident
    # (and of background that is none) are sorted, so the nearest before a claim is found by bisection.
    placed: list[tuple[int, str | None]] = []
    for m in events:
        incident = of_mention.get(mention_key(m))
        if incident is not None:
            if placed and placed[-1] == (m.sentence_start, None):
                placed.pop()  # a sentence that reports an incident is no barrier for telling background
            placed.append((m.sentence_start, incident))
        elif mention_key(m) in background and m.kind and not (placed and placed[-1][0] == m.sentence_start):
            placed.append((m.sentence_start, None))  # background: the figures after it are context
    starts = [at for at, _ in placed]
    mine = [incident for _, incident in placed]
    # The incidents the article reports, not those its background is tied to: its "main" one,
    # and those a nationality in a sentence can point to.
    reported = [
        i for m in events if mention_key(m) not in background and (i := of_mention.get(mention_key(m))) is not None
    ]
    main = Counter(reported).most_common(1)[0][0] if reported else None
    in_sentence: dict[int, list[EventMention]] = defaultdict(list)
    for m in events:
        in_sentence[m.sentence_start].append(m)
    assigned = []
    for claim in ex.claims:
        own = in_sentence.get(claim.quote_start, [])
        incident = _own_sentence(claim, own, background, in_a_town, of_mention, incidents, reported)
        if incident == "":
            incident = None
        elif incident is None:
            before = bisect_left(starts, claim.quote_start)
            incident = mine[before - 1] if before else main
        if incident is not None and _other_time(claim, incidents[incident], article.published):
            incident = None
        if (
            incident is not None
            and not own
            and claim.category in ("held", "fighters")
            and _CONTEXT_WORDS.search(claim.quote)
        ):
            incident = None  # "12,000 suspects are held in Kurdish-run prisons": a standing figure
        if incident is not None and counts_many_incidents(claim):
            incident = None  # "the war has claimed 500,000 lives": no one incident's toll
        assigned.append(claim if claim.incident == incident else _with_incident(claim, incident))
    return assigned


_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))
_claim_values = attrgetter(*_CLAIM_FIELDS)
_INCIDENT_FIELD = _CLAIM_FIELDS.index("incident")


def _with_incident(claim: Claim, incident: str | None) -> Claim:
    """``replace(claim, incident=incident)``, at half its cost: it runs for every claim."""
    values = list(_claim_values(claim))
    values[_INCIDENT_FIELD] = incident
    return Claim(*values)


def _own_sentence(
    claim: Claim,
    own: list[EventMention],
    background: set[tuple[str, int, int]],
    in_a_town: set[tuple[str, int, int]],
    of_mention: Mapping[tuple[str, int, int], str],
    incidents: Mapping[str, Incident],
    mine: list[str],
) -> str | None:
    """The incident the claim's own sentence names: '' for none at all (context), None if it does not say."""
    scenes = [(m.place_offsets[0], of_mention.get(mention_key(m))) for m in own if m.place_offsets]
    located = [(at, inc) for at, inc in scenes if inc]
    if located:
        distinct = {inc for _, inc in located}
        if len(distinct) > 1:
            offsets = sorted(at for at, _ in located)
            if offsets[-1] - offsets[0] < 25 and claim.start > offsets[-1]:
                return ""  # "two attacks in Syria and Iraq, killing more than a dozen": one toll for both
        tied = [inc for at, inc in located if at == claim.scene]
        return tied[0] if tied else min(located, key=lambda x: abs(x[0] - claim.start))[1]
    told = [m for m in own if m.kind]
    if told and all(mention_key(m) in background for m in told):
        unplaced = {of_mention.get(mention_key(m)) for m in told}
        return next(iter(unplaced)) if len(unplaced) == 1 and None not in unplaced else ""  # background: context
    if any(m.kind and mention_key(m) in in_a_town for m in told):
        # "Separately, five soldiers were killed in clashes in the Hama countryside": an event in
        # a town or region of its own that is no incident here, not the article's, though in its country
        return ""
    countries = [claim.country] if claim.country else [c for m in own for c in m.countries]
    for country in countries:
        matches = [i for i in dict.fromkeys(mine) if incidents[i].country == country]
        if matches:
            return matches[0]
    if scenes:
        return ""  # a located event that is no incident here: context
    return None


_day_of = lru_cache(maxsize=4096)(parse_day)
_period_of = lru_cache(maxsize=4096)(parse_period)


def _other_time(claim: Claim, incident: Incident, published: dt.date | None) -> bool:
    """Do the figure's own date words put it at another time ("in July", "last year", "On January 14")?"""
    if incident.date is None or not claim.when:
        return False
    day = _day_of(claim.when, published)
    if day is not None:
        return abs((day - incident.date).days) > DAYS_APART
    # An undated article came out in the days after its incident ("last week's attack").
    period = _period_of(claim.when, published or incident.date + dt.timedelta(days=_AFTER))
    return period is not None and not (period[0] <= incident.date <= period[1])
