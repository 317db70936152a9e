"""Event mentions: the sentences that report a violent event (its kind, where it
happened, when), and the sentences that date something else — the raw
material the ``incidents`` stage groups.

Where: only places the event happened at count ("in Hasakah", "the Gweiran
prison", "Peshawar's Red Zone", "the province of Diyala"), not places merely
named ("an NGO based in the United Kingdom", "US forces", "75 miles north of
Baghdad", "near the Mali border"). When: the date words tied to the event
("attacked … late Thursday", "Monday's suicide attack"), not the day a toll
was updated or a statement made ("said on Tuesday", "climbed to 100 on Tuesday").
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..aliases import AliasTable
from ..models import Article, EventMention
from .dates import parse_day
from .patterns import speech_verbs
from .syntax import tree_distance

_KINDS = {
    "attack": "attack", "assault": "attack", "storm": "attack", "offensive": "attack",
    "bombing": "bombing", "blast": "bombing", "explosion": "bombing", "bomb": "bombing", "bomber": "bombing",
    "raid": "raid", "ambush": "ambush", "jailbreak": "prison break", "breakout": "prison break",
    "mutiny": "prison break", "clash": "clashes", "fighting": "clashes", "battle": "clashes",
    "kidnapping": "abduction", "abduction": "abduction", "shooting": "shooting", "massacre": "massacre",
    "airstrike": "airstrike",
}  # fmt: skip
_PRISON_BREAK = re.compile(r"\b(prison break|jail ?break|break(?:out)? from (?:the )?prison)\b", re.I)
_LOCATIVE = frozenset(
    ["in", "at", "near", "inside", "outside", "around", "on", "into", "within", "across", "throughout"]
)
_PLACE_NOUNS = frozenset(
    [
        "town",
        "city",
        "village",
        "province",
        "region",
        "district",
        "area",
        "locality",
        "neighbourhood",
        "neighborhood",
        "suburb",
        "state",
        "county",
        "governorate",
        "department",
        "commune",
        "zone",
        "quarter",
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "outskirts",
        "centre",
        "center",
        "heart",
        "part",
    ]
)
_SITES = frozenset(
    [
        "prison",
        "jail",
        "camp",
        "base",
        "barracks",
        "post",
        "checkpoint",
        "mosque",
        "church",
        "market",
        "school",
        "hospital",
        "hotel",
        "facility",
        "compound",
        "station",
        "village",
        "town",
        "city",
        "attack",
        "bombing",
        "blast",
        "explosion",
        "raid",
        "ambush",
        "assault",
    ]
)
_DESCRIBING_VERBS = frozenset(["base", "headquarter", "lead", "back", "support", "fund", "arm"])
"""Verbs that make a place a description, not a scene: "an NGO based in", "US-led"."""
_BOUNDARIES = frozenset(["border", "frontier", "boundary"])
"""Nouns that make a place a reference point: "near the Mali border", "the border with Mali"."""
_NOT_EVENT_DATES = frozenset({"rise", "climb", "reach", "stand", "jump", "increase", "update", "revise"})


def event_mentions(article: Article, offset: int, sent: Span, aliases: AliasTable) -> list[EventMention]:
    """What a sentence says about events: one mention per place it happened at (or one
    with no place), or a date-only mention when the sentence dates something else. In a
    sentence with two events ("a car bomb exploded in Mogadishu on Friday, while on
    Thursday militants ambushed a convoy near Kismayo") each place takes its own event."""
    triggers = _triggers(sent)
    places = _places(sent, aliases) if triggers or _PRISON_BREAK.search(sent.text) else []
    base = {
        "article": article.id,
        "sentence_start": offset + sent.start_char,
        "sentence_end": offset + sent.end_char,
        "countries": _countries(sent, aliases) if triggers else (),
        "actors": _actors(sent, aliases) if triggers else (),
    }
    if not places:
        trigger = triggers[0] if triggers else None
        kind, when = _kind(sent, trigger), _when(sent, trigger)
        if kind is None and when is None:
            return []
        return [EventMention(**base, **_dated(kind, when, trigger, article, offset))]
    mentions = []
    for name, start in places:
        place = sent.doc.char_span(start, start + 1, alignment_mode="expand")
        trigger = min(triggers, key=lambda t: _distance(t, place.root)) if triggers and place is not None else None
        trigger = trigger or (triggers[0] if triggers else None)
        details = _dated(_kind(sent, trigger), _when(sent, trigger), trigger, article, offset)
        mentions.append(EventMention(**base, **details, places=(name,), place_offsets=(offset + start,)))
    return mentions


def _dated(kind: str | None, when: str | None, trigger: Token | None, article: Article, offset: int) -> dict:
    return {
        "kind": kind or "",
        "when": when,
        "date": parse_day(when, article.published) if when else None,
        "event_offset": offset + trigger.idx if trigger is not None else None,
    }


def _distance(a: Token, b: Token) -> tuple[int, int]:
    """Steps through the dependency tree, then words apart."""
    return tree_distance(a, b), abs(a.i - b.i)


def _triggers(sent: Span) -> list[Token]:
    """The words in a sentence that name violent events."""
    return [tok for tok in sent if _KINDS.get(tok.lemma_.lower()) or _KINDS.get(tok.lower_)]


def _kind(sent: Span, trigger: Token | None) -> str | None:
    if _PRISON_BREAK.search(sent.text):
        return "prison break"
    if trigger is None:
        return None
    kind = _KINDS.get(trigger.lemma_.lower()) or _KINDS[trigger.lower_]
    if kind == "attack" and any(t.lemma_.lower() in ("prison", "jail") for t in sent):
        return "prison attack"
    return kind


# ------------------------------------------------------------------------ where


def _places(sent: Span, aliases: AliasTable) -> list[tuple[str, int]]:
    """Scenes of the event in the sentence, as written, with their character offsets."""
    found: dict[str, int] = {}
    for ent in sent.ents:
        name = _bare(ent.text)
        known = aliases.place(name) is not None
        if (ent.label_ in ("GPE", "LOC", "FAC") or known) and _is_scene(ent.root):
            found.setdefault(name, ent.start_char + (ent.text.find(name) if name in ent.text else 0))
    capitals = [i for i in range(sent.start, sent.end) if sent.doc[i].text[:1].isupper()]
    for size in (3, 2, 1):
        for i in capitals:
            if i + size > sent.end:
                continue
            span = sent.doc[i : i + size]
            name = _bare(span.text)
            if name[:1].isupper() and name not in found and aliases.place(name) and _is_scene(span.root):
                found[name] = span.start_char
    return sorted(found.items(), key=lambda kv: kv[1])


def _is_scene(tok: Token) -> bool:
    """Is the place where something happened, rather than a description or a reference point?"""
    for _ in range(4):
        head = tok.head
        if head == tok:
            return False
        if head.lemma_.lower() in _BOUNDARIES or (head.pos_ == "VERB" and head.lemma_.lower() in _DESCRIBING_VERBS):
            return False
        if tok.dep_ in ("conj", "appos"):
            tok = head
            continue
        if tok.dep_ == "pobj":
            if head.head.lemma_.lower() in _BOUNDARIES or (
                head.head.pos_ == "VERB" and head.head.lemma_.lower() in _DESCRIBING_VERBS
            ):
                return False  # "an NGO based in the United Kingdom"
            if head.lower_ in _LOCATIVE:
                return not _reference_point(head)
            return bool(head.lower_ == "of" and head.head.lemma_.lower() in _PLACE_NOUNS | _SITES)
        if tok.dep_ in ("compound", "nmod", "poss", "amod", "npadvmod"):
            if head.lemma_.lower() in _PLACE_NOUNS | _SITES or head.ent_type_ in ("GPE", "LOC", "FAC"):
                if head.ent_type_ or head.lemma_.lower() in _PLACE_NOUNS:
                    tok = head  # "Hasakah prison in Syria": the larger name carries on
                    continue
                return True
            return False
        if tok.dep_ in ("nsubj", "nsubjpass", "ROOT", "dobj"):
            return tok.sent.start == tok.i or tok.dep_ == "nsubj"  # "Peshawar: rescue workers …", "Inates lies …"
        return False
    return False


def _reference_point(prep: Token) -> bool:
    """ "75 miles north of Baghdad", "not far from the border": a place used to say where another is."""
    words = {t.lower_ for t in prep.doc[max(prep.sent.start, prep.i - 3) : prep.i]}
    return bool(words & {"north", "south", "east", "west", "miles", "km", "kilometres", "kilometers", "far"})


_DIRECTIONS = re.compile(
    r"^(?:the\s+)?(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|eastern|western|central|upper|lower)\s+", re.I
)


def _bare(text: str) -> str:
    """A name without a leading article, a direction or trailing punctuation:
    "the Gweiran prison," → "Gweiran prison"; "eastern Iraq" → "Iraq"."""
    text = text.strip(" \t\n\xa0,.;:()[]'\"“”‘’-–—")
    text = text[4:] if text.lower().startswith("the ") else text
    return _DIRECTIONS.sub("", text)


def _countries(sent: Span, aliases: AliasTable) -> tuple[str, ...]:
    """Countries named by nationality: "Iraqi soldiers", "a Nigerien army post"."""
    found = []
    for tok in sent:
        if tok.ent_type_ == "NORP" or tok.pos_ in ("ADJ", "PROPN"):
            country = aliases.country_of_demonym(tok.text)
            if country and country not in found:
                found.append(country)
    return tuple(found)


def _actors(sent: Span, aliases: AliasTable) -> tuple[str, ...]:
    names = []
    for ent in sent.ents:
        org = aliases.organisation_in(ent.text)
        if org is not None and org.actor:
            names.append(org.name)
    return tuple(sorted(set(names)))


# ------------------------------------------------------------------------- when


def _when(sent: Span, trigger: Token | None) -> str | None:
    """The date words that date the event (or, with no event, the sentence)."""
    candidates = []
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME") or not _is_a_day(ent.text):
            continue
        governor = next((t for t in ent.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
        if (
            trigger is not None
            and governor is not None
            and (governor.lemma_.lower() in speech_verbs() or governor.lemma_.lower() in _NOT_EVENT_DATES)
        ):
            continue
        distance = abs(ent.root.i - trigger.i) if trigger is not None else 0
        candidates.append((distance, ent.start, ent.text))
    return min(candidates)[2] if candidates else None


def clause_date(token: Token) -> str | None:
    """Date words that govern the clause a figure stands in: "in July, 18 soldiers were
    killed", "a UN report last year put the number at", "Last March, a bomber attacked …,
    killing 64" — not a date of some other clause ("since its defeat in 2019")."""
    verbs = [t for t in (token, *token.ancestors) if t.pos_ in ("VERB", "AUX")]
    for ent in token.sent.ents:
        if ent.label_ in ("DATE", "TIME") and _is_a_day(ent.text):
            governor = next((t for t in ent.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
            if governor is not None and governor in verbs:
                return ent.text
    return None


def _is_a_day(text: str) -> bool:
    """Date words that point to a day or a period ("Thursday", "January 20", "last March",
    "in 2014"), not durations ("three years", "hours")."""
    low = text.lower()
    return bool(
        re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b", low)
        or re.search(
            r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b", low
        )
        or re.search(r"\b(last|this|next) (year|month|week)\b", low)
        or re.fullmatch(r"(in |since )?(19|20)\d\d", low.strip())
    )
