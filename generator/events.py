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

import datetime as dt
import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from .aliases import AliasTable
from .dates import parse_day
from .models import Article, EventMention
from .patterns import speech_verbs
from .syntax import tree_distance

_KINDS = {
    "attack": "attack", "assault": "attack", "storm": "attack", "offensive": "attack",
    "bombing": "bombing", "blast": "bombing", "explosion": "bombing", "bomb": "bombing", "bomber": "bombing",
    "raid": "raid", "ambush": "ambush", "jailbreak": "prison break", "breakout": "prison break",
    "mutiny": "prison break", "clash": "clashes", "fighting": "clashes", "battle": "clashes",
    "kidnapping": "abduction", "abduction": "abduction", "kidnap": "abduction", "abduct": "abduction",
    "shooting": "shooting", "massacre": "massacre", "airstrike": "airstrike", "siege": "siege", "besiege": "siege",
    "invade": "attack", "kill": "killing", "murder": "killing",
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
        "desert",
        "countryside",
        "forest",
        "mountains",
        "hills",
        "vicinity",
        "suburbs",
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
        "massacre",
        "siege",
        "kidnapping",
        "abduction",
        "shooting",
    ]
)
_DESCRIBING_VERBS = frozenset(["base", "headquarter", "lead", "back", "support", "fund", "arm"])
"""Verbs that make a place a description, not a scene: "an NGO based in", "US-led"."""
_BOUNDARIES = frozenset(["border", "frontier", "boundary"])
"""Nouns that make a place a reference point: "near the Mali border", "the border with Mali"."""
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
    places = _places(sent, aliases) if triggers or _PRISON_BREAK.search(sent.text) else []
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


# ------------------------------------------------------------------------ where


def _places(sent: Span, aliases: AliasTable) -> list[tuple[str, int]]:
    """Scenes of the event in the sentence, as written, with their character offsets."""
    found: dict[str, int] = {}
    taken: set[int] = set()
    # Names of several words the alias table knows first: "Jammu and Kashmir" is one region,
    # though the model may see two.
    for size in (4, 3, 2):
        for i in range(sent.start, sent.end - size + 1):
            span = sent.doc[i : i + size]
            if span[0].text[:1].isupper() and not taken.intersection(range(i, i + size)):
                name = _bare(span.text)
                if " " in name and aliases.place(name):
                    span = _with_region_word(span)  # "Deir ez-Zor province"
                    if _is_scene(span.root):
                        found[_bare(span.text)] = span.start_char
                        taken.update(range(span.start, span.end))
    for ent in sent.ents:
        if taken.intersection(range(ent.start, ent.end)):
            continue
        ent = _with_region_word(ent)
        name = _bare(ent.text)
        known = aliases.place(name) is not None or aliases.is_country(name)
        named = known or (ent.label_ in ("GPE", "LOC", "FAC") and any(t.pos_ == "PROPN" for t in ent))
        if (named or _locality(ent, aliases)) and _is_scene(ent.root):
            found.setdefault(name, ent.start_char + (ent.text.find(name) if name in ent.text else 0))
            taken.update(range(ent.start, ent.end))
    capitals = [i for i in range(sent.start, sent.end) if sent.doc[i].text[:1].isupper()]
    for size in (3, 2, 1):
        for i in capitals:
            if i + size > sent.end or taken.intersection(range(i, i + size)):
                continue  # not "Niger" again inside "Niger State"
            span = sent.doc[i : i + size]
            name = _bare(span.text)
            known = aliases.place(name) or aliases.is_country(name) or _named_region(span) or _unnamed(span, aliases)
            if name[:1].isupper() and name not in found and known and _is_scene(span.root):
                found[name] = span.start_char
                taken.update(range(i, i + size))
    return sorted(found.items(), key=lambda kv: kv[1])


_ASSAULTS = frozenset(["attack", "raid", "storm", "invade", "besiege", "bomb", "shell", "overrun", "ambush", "assault"])
"""Verbs whose object is the place attacked ("stormed Palma"), not people ("killed six")."""
_TAKING_VERBS = frozenset(["kidnap", "abduct", "seize", "snatch", "take", "escape", "free", "rescue"])
"""Verbs whose "from" names where it happened: "kidnapped from Kuriga", "escaped from the jail in Kuje"."""


def _taken_from(prep: Token) -> bool:
    return prep.lower_ == "from" and prep.head.lemma_.lower() in _TAKING_VERBS


def _locality(ent: Span, aliases: AliasTable) -> bool:
    """A name the model took for an organisation or a person where the sentence puts a place:
    "the prison in Kuje", "in Dan Kurmi", "the village of Tinfagat", "Mali's Ménaka region",
    "the assault on Djibo" (not an acronym, nor an organisation we know; a person only where a
    place is named, not as the target of "an attack on")."""
    if ent.label_ not in _MISNAMED or len(ent) > 3 or aliases.organisation_in(ent.text) is not None:
        return False
    if not all(t.pos_ == "PROPN" and not t.text.isupper() for t in ent if not (t.is_punct or t.lower_ in _REGION_WORDS)):
        return False
    tok, head = ent.root, ent.root.head
    if tok.dep_ == "pobj":
        places = ("in", "at", "near") if ent.label_ == "PERSON" else ("in", "at", "near", "on")
        return head.lower_ in places or _taken_from(head) or (
            head.lower_ == "of" and head.head.lemma_.lower() in _PLACE_NOUNS
        )
    if tok.dep_ == "dobj":
        return ent.label_ == "ORG" or len(ent) == 1  # "gunmen attacked Kula", "jihadists attacked Djibo"
    return tok.dep_ in ("compound", "poss") and head.lemma_.lower() in _PLACE_NOUNS | _SITES  # "Karachi's Empress Market"


def _unnamed(span: Span, aliases: AliasTable) -> bool:
    """A proper name the model gave no kind at all, where the sentence puts a place: "ambushed
    a convoy near Damboa" (the whole name: no longer or shorter run of proper nouns)."""
    doc = span.doc
    if any(t.ent_type_ for t in span) or span.start == span.sent.start:
        return False
    around = [doc[i] for i in (span.start - 1, span.end) if span.sent.start <= i < span.sent.end]
    if any(t.pos_ == "PROPN" for t in around):
        return False
    return _locality(Span(doc, span.start, span.end, label="ORG"), aliases)


_MISNAMED = frozenset(["ORG", "PERSON", "PRODUCT", "WORK_OF_ART", "EVENT"])
"""What the small model calls a town it does not know ("Kramatorsk" a product, "Mora" a person)."""
_REGION_WORDS = frozenset(["state", "province", "region", "district", "governorate", "county", "department"])


def _named_region(span: Span) -> bool:
    """A proper name and a region word: "Donetsk region", "Reasi district", "Zamfara State"."""
    return (
        len(span) >= 2
        and span[-1].lower_ in _REGION_WORDS
        and all(t.pos_ == "PROPN" for t in span[:-1])
        and span[0].text[:1].isupper()
    )


def _with_region_word(ent: Span) -> Span:
    """ "Niger State", "the Ménaka region": the region word the model left out of the name."""
    after = ent.doc[ent.end] if ent.end < ent.sent.end else None
    if after is not None and after.lower_ in _REGION_WORDS and after in (ent.root.head, *ent.root.head.children):
        return Span(ent.doc, ent.start, ent.end + 1, label=ent.label_)
    return ent


def _is_scene(tok: Token) -> bool:
    """Is the place where something happened, rather than a description or a reference point?"""
    if _in_dateline(tok):
        return False
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
            if head.lower_ in _LOCATIVE or _taken_from(head):
                return not _reference_point(head)
            if head.lower_ == "of" and head.head.lemma_.lower() in _PLACE_NOUNS | _SITES:
                return not _reference_point(head)  # "the province of Diyala", not "75 miles north of Baghdad"
            return False
        if tok.dep_ in ("compound", "nmod", "poss", "amod", "npadvmod"):
            if head.lemma_.lower() in _PLACE_NOUNS | _SITES or head.ent_type_ in ("GPE", "LOC", "FAC"):
                if head.ent_type_ or head.lemma_.lower() in _PLACE_NOUNS:
                    tok = head  # "Hasakah prison in Syria": the larger name carries on
                    continue
                return True
            return False
        if tok.dep_ == "dobj" and head.lemma_.lower() in _ASSAULTS:
            return True  # "gunmen attacked Kula", "militants stormed Palma"
        if tok.dep_ in ("nsubj", "nsubjpass", "ROOT", "dobj"):
            return tok.sent.start == tok.i or tok.dep_ == "nsubj"  # "Peshawar: rescue workers …", "Inates lies …"
        return False
    return False


def _reference_point(prep: Token) -> bool:
    """ "75 miles north of Baghdad", "not far from the border", "in Kuje, near Abuja", "Kuje, a
    town outside Abuja": a place used to say where another is (not "in the east of Iraq", a part
    of it)."""
    before = prep.doc[max(prep.sent.start, prep.i - 3) : prep.i]
    words = {t.lower_ for t in before}
    if words & {"miles", "km", "kilometres", "kilometers", "far"}:
        return True
    if words & {"north", "south", "east", "west"}:
        return not (len(before) >= 2 and before[-2].lower_ == "the")
    if _in_dateline(prep):
        return True
    if prep.lower_ == "of" and prep.head.lemma_.lower() in _EDGES:
        return _after_a_place(prep)  # "in Kuje, on the outskirts of Abuja"
    return prep.lower_ in ("near", "outside", "beside") and _after_a_place(prep)


_EDGES = frozenset(["outskirts", "suburb", "suburbs", "edge", "vicinity", "environs", "fringe", "fringes"])


_DATELINE = re.compile(r"\A[A-Z][A-Za-z .'’-]{2,40}(?:,\s*[A-Z][\w .'’-]{1,40})?\s*(?:\([\w .]{1,20}\))?\s*[-–—]+\s+")
"""A wire dateline: where the story was filed ("NIAMEY, Niger (AP) — ", "Kampala - "), not where it happened."""


def _in_dateline(tok: Token) -> bool:
    sent = tok.sent
    found = _DATELINE.match(sent.text)
    return found is not None and tok.idx - sent.start_char < found.end()


def _after_a_place(prep: Token) -> bool:
    """Does the phrase follow a named place and a comma: "Kuje, near", "Kuje, a small town near"?"""
    i = prep.i - 1
    while i > prep.sent.start and prep.doc[i].lower_ != "," and prep.i - i <= 5:
        tok = prep.doc[i]
        if not (tok.pos_ in ("DET", "ADJ") or tok.lemma_.lower() in _PLACE_NOUNS | _EDGES or tok.lower_ in ("on", "in")):
            return False
        i -= 1
    if i <= prep.sent.start or prep.doc[i].lower_ != ",":
        return False
    before = prep.doc[i - 1]
    if before.lemma_.lower() in _SITES and i >= 2:
        before = prep.doc[i - 2]  # "Kuje prison, in a suburb of the capital"
    return before.pos_ == "PROPN" or before.ent_type_ in ("GPE", "LOC", "FAC")


_DIRECTIONS = re.compile(
    r"^(?:the\s+)?(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|eastern|western|central|upper|lower)\s+"
)
"""Lower-case only: a capital makes it part of a name ("North Kivu", "Lower Shabelle"), which the
gazetteer reads whole, or without the direction when it knows only the rest ("Eastern Syria")."""


def _bare(text: str) -> str:
    """A name without a leading article, a direction or trailing punctuation:
    "the Gweiran prison," → "Gweiran prison"; "eastern Iraq" → "Iraq"; "North Kivu" stays."""
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
                candidates.append((0, ent.start, ent.text))
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
        if tok in others:
            return True
        tok = tok.head
    return False


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
        or re.search(r"\bago\b|\b(?:previous|preceding) (?:day|night|evening)\b|\bthe (?:day|night) before\b", low)
        or re.fullmatch(r"(in |since )?(19|20)\d\d", low.strip())
    )
