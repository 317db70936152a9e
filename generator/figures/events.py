"""Event mentions: the sentences that report a violent event (its kind, where it
happened, when), and the sentences that date something else — the raw
material the ``incidents`` stage groups.

Where: the scenes of the event (``scenes``). When: the date words of the event's
own clause ("attacked … late Thursday", "Monday's suicide attack"), not the day a
toll was updated or a statement made ("said on Tuesday", "climbed to 100 on
Tuesday"). A series ("repeated attacks") or a time gone by ("in recent years")
marks a mention as background.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..aliases import AliasTable
from ..models import Article, EventMention
from .dates import parse_day
from .patterns import speech_verbs
from .scenes import scene_places
from .syntax import tree_distance

_KINDS = {
    "attack": "attack", "assault": "attack", "storm": "attack", "offensive": "attack",
    "bombing": "bombing", "blast": "bombing", "explosion": "bombing", "bomb": "bombing", "bomber": "bombing",
    "raid": "raid", "ambush": "ambush", "jailbreak": "prison break", "breakout": "prison break",
    "mutiny": "prison break", "clash": "clashes", "fighting": "clashes", "battle": "clashes",
    "kidnapping": "abduction", "abduction": "abduction", "kidnap": "abduction", "abduct": "abduction",
    "shooting": "shooting", "massacre": "massacre", "airstrike": "airstrike", "siege": "siege", "besiege": "siege",
    "invade": "attack", "kill": "killing", "murder": "killing", "shoot": "shooting", "gunfire": "shooting",
    "stab": "stabbing", "stabbing": "stabbing",
}  # fmt: skip
_PRISON_BREAK = re.compile(r"\b(prison break|jail ?break|break(?:out)? from (?:the )?prison)\b", re.I)
_NOT_EVENT_DATES = frozenset({"rise", "climb", "reach", "stand", "jump", "increase", "update", "revise"})
_SERIES_MODIFIERS = frozenset(
    ["several", "many", "repeated", "regular", "frequent", "numerous", "multiple", "countless", "sporadic",
     "recurring", "daily", "weekly", "similar", "such", "previous", "past", "earlier", "recent", "other"]
)  # fmt: skip
"""Words that make a plural event noun a pattern of events: "repeated attacks", "several air raids"."""
_SERIES_NOUNS = frozenset(["string", "spate", "series", "wave", "spree", "rash", "dozen", "hundred", "score", "number"])
"""Nouns that gather events: "a string of attacks", "dozens of raids"."""
_SPANS = frozenset(["day", "week", "month", "year", "decade"])
_BYGONE = frozenset(["recently", "previously", "formerly", "repeatedly", "regularly", "frequently", "often"])
"""Adverbs that set an event in a time gone by, or make it a habit: "has recently carried out"."""


def event_mentions(article: Article, offset: int, sent: Span, aliases: AliasTable) -> list[EventMention]:
    """What a sentence says about events: one mention per place it happened at (or one
    with no place), or a date-only mention when the sentence dates something else. In a
    sentence with two events ("a car bomb exploded in Mogadishu on Friday, while on
    Thursday militants ambushed a convoy near Kismayo") each place takes its own event."""
    triggers = _triggers(sent)
    places = scene_places(sent, aliases) if triggers or _PRISON_BREAK.search(sent.text) else []
    base = {
        "article": article.id,
        "sentence_start": offset + sent.start_char,
        "sentence_end": offset + sent.end_char,
        "countries": _countries(sent, aliases) if triggers else (),
        "actors": _actors(sent, aliases) if triggers else (),
    }
    if not places:
        trigger = next((t for t in triggers if not _bygone(t)), triggers[0] if triggers else None)
        kind, when = _kind(sent, trigger), _when(sent, trigger, triggers)
        if kind is None and when is None:
            return []
        return [EventMention(**base, **_dated(kind, when, trigger, article, offset), background=_bygone(trigger))]
    mentions = []
    for name, start in places:
        place = sent.doc.char_span(start, start + 1, alignment_mode="expand")
        fitting = [t for t in triggers if place is None or not _describes_subject(t, place.root)]
        if triggers and not fitting:
            continue  # "the schoolchildren kidnapped from Kuriga have reached … Kaduna": not the event's place
        # The event whose phrase holds the place first ("kidnapped in Kuriga village, …, the village
        # where the principal was killed"), then the nearest.
        trigger = (
            min(fitting, key=lambda t: (t not in place.root.ancestors, *_distance(t, place.root)))
            if fitting and place is not None
            else None
        )
        trigger = trigger or (fitting[0] if fitting else None)
        details = _dated(_kind(sent, trigger), _when(sent, trigger, triggers), trigger, article, offset)
        mentions.append(
            EventMention(
                **base, **details, places=(name,), place_offsets=(offset + start,), background=_bygone(trigger)
            )
        )
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
    """The words in a sentence that name violent events: "attack", "ambushed", "kidnapping";
    "strike" and "struck" only when missiles or aircraft strike ("a missile struck the
    station", "a drone strike"), "fire" only when opened ("gunmen opened fire")."""
    return [tok for tok in sent if _kind_of(tok)]


_WEAPONS = frozenset(["missile", "rocket", "drone", "air", "artillery", "mortar", "shell", "bomb", "warplane", "jet"])


def _kind_of(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    if lemma == "strike" or (lemma == "hit" and tok.pos_ == "VERB"):
        words = {c.lemma_.lower() for c in tok.children if c.dep_ in ("compound", "amod", "nsubj", "nsubjpass")}
        return "strike" if words & _WEAPONS else None
    if lemma == "fire" and tok.pos_ == "NOUN":
        return "shooting" if tok.head.lemma_.lower() == "open" else None
    if lemma in ("shelling", "shell") and tok.pos_ in ("VERB", "NOUN") and tok.lower_ != "shell":
        return "shelling"
    return _KINDS.get(lemma) or _KINDS.get(tok.lower_)


def _describes_subject(trigger: Token, place: Token) -> bool:
    """Is the event a clause describing the sentence's subject, and the place in the rest of the
    sentence ("The schoolchildren kidnapped from Kuriga have reached the Government House in Kaduna")?"""
    if trigger.pos_ != "VERB" or trigger.dep_ not in ("acl", "relcl"):
        return False
    subject = trigger.head
    return subject.dep_ in ("nsubj", "nsubjpass") and place not in subject.subtree


def _is_series(trigger: Token) -> bool:
    """A plural event noun with a word of number or habit tells of a pattern, not of one event:
    "repeated attacks", "several air raids", "a string of bombings" (not "two attacks", "the attacks")."""
    if trigger.tag_ not in ("NNS", "NNPS"):
        return False
    if any(c.lower_ in _SERIES_MODIFIERS for c in trigger.children if c.dep_ in ("amod", "det", "advmod", "nummod")):
        return True
    return trigger.head.lower_ == "of" and trigger.head.head.lemma_.lower() in _SERIES_NOUNS


def _bygone(trigger: Token | None) -> bool:
    """Does the sentence tell of other events than the one reported: a series, or a time gone by
    ("the group has recently carried out", "in recent years", "over the past months")?"""
    if trigger is None:
        return False
    if _is_series(trigger):
        return True
    if any(c.tag_ == "JJS" or c.lower_ in ("worst", "first", "most") for c in trigger.children):
        return False  # "the deadliest raid in recent months": the event measured against others
    # The event's own clause and those above it, up to a verb of saying: "the US has recently
    # carried out several air raids, among them an air strike that killed 13".
    clauses = []
    for tok in (trigger, *trigger.ancestors):
        if tok.pos_ in ("VERB", "AUX"):
            if tok.lemma_.lower() in speech_verbs():
                break
            clauses.append(tok)
    for tok in (*trigger.children, *(c for clause in clauses for c in clause.children)):
        if tok.lower_ in _BYGONE and tok.dep_ == "advmod":
            return True
        if tok.dep_ == "prep" and tok.lower_ in ("in", "over", "during", "for"):
            for span in (c for c in tok.children if c.dep_ == "pobj" and c.lemma_.lower() in _SPANS):
                words = {c.lower_ for c in span.children}
                if "recent" in words or (words & {"past", "last"} and span.lower_ != span.lemma_.lower()):
                    return True  # "in recent years", "over the past months"
                if span.lower_ in ("years", "decades") and not any(c.like_num for c in span.children):
                    return True  # "for years", "over the years"
    return False


def _kind(sent: Span, trigger: Token | None) -> str | None:
    if _PRISON_BREAK.search(sent.text):
        return "prison break"
    if trigger is None:
        return None
    kind = _kind_of(trigger)
    if kind == "attack" and any(t.lemma_.lower() in ("prison", "jail") for t in sent):
        return "prison attack"
    return kind


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


def _when(sent: Span, trigger: Token | None, triggers: Sequence[Token] = ()) -> str | None:
    """The date words that date the event (or, with no event, the sentence): those of the
    event's own clause ("gunmen attacked … on Friday", "Monday's attack", "the attack, which
    took place late on Friday"), not of a clause beside it ("kidnapped from Kuriga, who regained
    their freedom on Sunday") or of another event's ("kidnapped in Kuriga, the village where
    the principal was killed and his wife kidnapped over a month ago"), nor a baseline ("the
    deadliest since 2015")."""
    candidates = []
    days = [e for e in sent.ents if e.label_ in ("DATE", "TIME") and _is_a_day(e.text)]
    governors = {e.start: next((t for t in e.root.ancestors if t.pos_ in ("VERB", "AUX")), None) for e in days}
    for ent in days:
        governor = governors[ent.start]
        if trigger is not None and ent.root.dep_ == "poss" and ent.root.head == trigger:
            candidates.append(((-1, 0), ent.start, ent.text))  # "Sunday's attack": the event's own day
            continue
        if _since(ent, governor, trigger) and not _names_a_day(ent.text):
            continue  # "since 2019", "since its defeat in 2019": a time before the event, to measure it by
        if trigger is not None and governor is not None:
            anchor = _clause_of(trigger)
            if governor.lemma_.lower() in _NOT_EVENT_DATES:
                continue
            if governor.lemma_.lower() in speech_verbs():
                # The date nearest the verb of saying is the statement's ("said on Wednesday"); one
                # between the event and it that the parse also hung on it is the event's ("gunmen
                # attacked … late on Monday, officials said on Wednesday").
                said = [e for e in days if governors[e.start] == governor]
                nearest = min(said, key=lambda e: abs(e.root.i - governor.i))
                if len(said) < 2 or ent == nearest or not trigger.i < ent.start < governor.i:
                    continue
                candidates.append(((0, 0), ent.start, ent.text))
                continue
            if not (
                governor in anchor.subtree
                or governor in anchor.ancestors
                or any(governor in c.subtree for c in anchor.conjuncts)
            ):
                continue  # a date of a clause beside the event's: "…, who regained their freedom on Sunday"
            if governor in anchor.subtree and _other_event(governor, anchor, trigger, triggers):
                continue
        candidates.append((_clause_distance(ent, governor, trigger), ent.start, ent.text))
    return min(candidates)[2] if candidates else None


def _clause_distance(ent: Span, governor: Token | None, trigger: Token | None) -> tuple[int, int]:
    """How far date words are from the event: in its own clause first ("while … an ambush near
    Tillia on Tuesday left 12 dead" is Tuesday's, not the Monday of the clause above), then in
    words."""
    if trigger is None:
        return 0, 0
    own = trigger if trigger.pos_ in ("VERB", "AUX") else next(
        (t for t in trigger.ancestors if t.pos_ in ("VERB", "AUX")), None
    )  # fmt: skip
    chain = [own, *own.ancestors] if own is not None else []
    level = chain.index(governor) if governor in chain else 0
    return level, abs(ent.root.i - trigger.i)


def _clause_of(trigger: Token) -> Token:
    """The verb of the event's clause: the trigger itself, or the verb a noun hangs on
    ("gunmen opened fire", "the attack took place")."""
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    return next((t for t in trigger.ancestors if t.pos_ in ("VERB", "AUX")), trigger)


def _other_event(governor: Token, anchor: Token, trigger: Token, triggers: Sequence[Token]) -> bool:
    """Is the clause below the event's own that the date words govern another event's
    ("… in Kuriga, the village where the principal was killed and his wife kidnapped a month ago")?"""
    others = {t for t in triggers if t not in (trigger, anchor) and t not in trigger.conjuncts}
    tok = governor
    while tok != anchor and tok.head != tok:
        if tok in others and not _how_it_happened(tok, anchor):
            return True
        tok = tok.head
    return False


def _how_it_happened(clause: Token, anchor: Token) -> bool:
    """ "Seven fighters were killed (and four wounded) when militants attacked their position
    late on Sunday": a "when" clause tells the same event, and its date words are the event's."""
    return (
        clause.dep_ == "advcl"
        and (clause.head == anchor or clause.head in anchor.conjuncts)
        and any(c.dep_ in ("advmod", "mark") and c.lower_ in ("when", "as") for c in clause.children)
    )


def _since(ent: Span, governor: Token | None, trigger: Token | None) -> bool:
    """Do the date words stand in a "since" phrase ("since 2019", "since its defeat in 2019")
    that does not hold the event itself ("since twin bombings in Kampala in 2010 killed 76")?"""
    doc = ent.doc
    words = [t for t in doc[ent.sent.start : ent.start] if not t.is_space]
    since = words[-1] if words and words[-1].lower_ == "since" else None
    for tok in ent.root.ancestors:
        if since is not None or tok == governor:
            break
        if tok.lower_ == "since":
            since = tok
    if since is None and governor is not None:
        # "since it was defeated … in 2019", "since violence broke out there in 2015"
        for tok in (governor, *governor.ancestors):
            if trigger is not None and tok in (trigger, *trigger.ancestors):
                break
            if any(c.dep_ == "mark" and c.lower_ == "since" for c in tok.children):
                since = tok
                break
    return since is not None and (trigger is None or trigger not in since.subtree)


def _names_a_day(text: str) -> bool:
    """ "the night of January 20", "Friday" name a day; "2019", "December" do not."""
    return parse_day(text, _ANY_DAY) is not None


_ANY_DAY = dt.date(2000, 6, 15)


def clause_date(token: Token) -> str | None:
    """Date words that govern the clause a figure stands in: "in July, 18 soldiers were
    killed", "a UN report last year put the number at", "Last March, a bomber attacked …,
    killing 64" — not a date of some other clause ("since its defeat in 2019"), nor the day the
    figure was given ("the toll has risen to 62, officials said on Wednesday")."""
    verbs = [t for t in (token, *token.ancestors) if t.pos_ in ("VERB", "AUX")]
    for ent in token.sent.ents:
        if ent.label_ in ("DATE", "TIME") and _is_a_day(ent.text):
            governor = next((t for t in ent.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
            if governor is None or governor not in verbs:
                continue
            if governor.lemma_.lower() in _NOT_EVENT_DATES:
                continue
            if governor.lemma_.lower() in speech_verbs() and _names_a_day(ent.text):
                continue  # "said on Wednesday"; but "a UN report last year put the number at"
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
        or re.search(r"\bago\b|\b(?:previous|preceding) (?:day|night|evening)\b|\bthe (?:day|night) before\b", low)
        or re.fullmatch(r"(in |since )?(19|20)\d\d", low.strip())
    )
