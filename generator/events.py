"""Event mentions: the sentences that report a violent event, with its kind,
places and day, the raw material the ``incidents`` stage groups.

The day is resolved against the article's publication date: "on Tuesday",
"late Thursday", "since the night of January 20", "on Monday at dawn".
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from .aliases import AliasTable
from .models import Article, EventMention

_KINDS = {
    "attack": "attack",
    "assault": "attack",
    "storm": "attack",
    "offensive": "attack",
    "bombing": "bombing",
    "blast": "bombing",
    "explosion": "bombing",
    "bomb": "bombing",
    "bomber": "bombing",
    "raid": "raid",
    "ambush": "ambush",
    "jailbreak": "prison break",
    "breakout": "prison break",
    "mutiny": "prison break",
    "clash": "clashes",
    "fighting": "clashes",
    "battle": "clashes",
    "kidnapping": "abduction",
    "abduction": "abduction",
    "shooting": "shooting",
    "massacre": "massacre",
    "strike": "airstrike",
    "airstrike": "airstrike",
}
_PRISON_BREAK = re.compile(r"\b(prison break|jail ?break|break(?:out)? from (?:the )?prison)\b", re.I)
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
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "EVENT", "PERSON", "ORG", "NORP"})


def event_mentions(article: Article, offset: int, sent: Span, aliases: AliasTable) -> list[EventMention]:
    """The event a sentence reports, if any (at most one per sentence)."""
    kind = _kind(sent)
    if kind is None:
        return []
    places = _places(sent, aliases)
    return [
        EventMention(
            article=article.id,
            sentence_start=offset + sent.start_char,
            sentence_end=offset + sent.end_char,
            kind=kind,
            places=places,
            actors=_actors(sent, aliases),
            date=resolve_day(sent, article.published),
        )
    ]


def _kind(sent: Span) -> str | None:
    if _PRISON_BREAK.search(sent.text):
        return "prison break"
    for tok in sent:
        kind = _KINDS.get(tok.lemma_.lower()) or _KINDS.get(tok.lower_)
        if kind:
            if kind == "attack" and any(t.lemma_.lower() in ("prison", "jail") for t in sent):
                return "prison attack"
            return kind
    return None


def _places(sent: Span, aliases: AliasTable) -> tuple[str, ...]:
    """Place names in the sentence, as written: the model's places plus every spelling the table knows."""
    found: list[str] = []
    for ent in sent.ents:
        text = _bare(ent.text)
        if ent.label_ in ("GPE", "LOC", "FAC") or (ent.label_ in _PLACE_LABELS and aliases.place(text)):
            found.append(text)
    for size in (3, 2, 1):
        for i in range(sent.start, sent.end - size + 1):
            phrase = _bare(sent.doc[i : i + size].text)
            if phrase[:1].isupper() and phrase not in found and aliases.place(phrase):
                found.append(phrase)
    return tuple(dict.fromkeys(p for p in found if p))


def _bare(text: str) -> str:
    """A name without a leading article or trailing punctuation: "the Gweiran prison," → "Gweiran prison"."""
    text = text.strip(" \t\n\xa0,.;:()[]'\"“”‘’-–—")
    return text[4:] if text.lower().startswith("the ") else text


def _actors(sent: Span, aliases: AliasTable) -> tuple[str, ...]:
    names = []
    for ent in sent.ents:
        org = aliases.organisation_in(ent.text)
        if org is not None and org.actor:
            names.append(org.name)
    return tuple(sorted(set(names)))


def resolve_day(sent: Span, published: dt.date | None) -> dt.date | None:
    """The day a sentence dates its event to, counted back from publication."""
    if published is None:
        return None
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        day = parse_day(ent.text, published)
        if day is not None:
            return day
    return None


def parse_day(text: str, published: dt.date) -> dt.date | None:
    """ "Thursday" → the last Thursday on or before publication; "January 20" → that day."""
    low = text.lower()
    m = re.search(r"\b(" + "|".join(_MONTHS) + r")\s+(\d{1,2})(?:,?\s+(\d{4}))?\b", low) or re.search(
        r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")(?:\s+(\d{4}))?\b", low
    )
    if m:
        a, b, year = m.groups()
        month, day = (_MONTHS[a], int(b)) if a in _MONTHS else (_MONTHS[b], int(a))
        try:
            candidate = dt.date(int(year) if year else published.year, month, day)
        except ValueError:
            return None
        if not year and candidate > published:
            candidate = candidate.replace(year=published.year - 1)
        return candidate
    for i, name in enumerate(_WEEKDAYS):
        if re.search(rf"\b{name}\b", low):
            back = (published.weekday() - i) % 7
            return published - dt.timedelta(days=back)
    if re.search(r"\byesterday\b", low):
        return published - dt.timedelta(days=1)
    if re.search(r"\btoday\b|\bthis morning\b", low):
        return published
    return None
