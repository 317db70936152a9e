"""Whom a noun phrase names: its noun's own class ("gendarmes", "worshippers",
"insurgents"), unless a named armed group or a militant word marks it ("ISIS
commanders"); for nouns of either side ("fighters", "members", "forces"), their
modifiers and "of" phrase ("Kurdish forces", "members of the jihadist group",
"Russian personnel", "Peshmerga fighters"); for people in custody, only their own
modifiers ("IS suspects")."""

from __future__ import annotations

from spacy.tokens import Token

from ..aliases import AliasTable
from .lexicon import (
    group_by_ending,
    group_words,
    humanitarian_modifiers,
    militant_modifiers,
    security_bodies,
    security_modifiers,
)
from .syntax import lemma_of, phrase_words

AMBIGUOUS_GROUP = frozenset(
    [
        "member",
        "fighter",
        "force",
        "forces",
        "operative",
        "supporter",
        "element",
        "personnel",
        "other",
        "unit",
        "volunteer",
    ]
)
_STATE_FORCES = frozenset(["force", "forces", "troop", "personnel", "unit", "soldier", "serviceman", "member"])
"""Nouns for an armed body whose nationality makes it a state's: "Ukrainian forces"."""


def group_of_noun(noun: Token, aliases: AliasTable) -> str | None:
    """Whom a noun phrase names: the noun's own class ("gendarmes", "worshippers"),
    unless a named armed group or a militant word marks it ("ISIS commanders",
    "rebel soldiers"); for people in custody and for nouns of either side, the
    modifiers and "of" phrase decide ("IS suspects", "members of the army")."""
    lemma = lemma_of(noun)
    base = (
        group_words().get(lemma)
        or group_words().get(noun.lower_)
        or group_by_ending(lemma)
        or group_by_ending(noun.lower_.removesuffix("s"))  # a headline's word the tagger left whole
    )
    if base == "custody":
        return "militants" if _membership(noun, aliases) == "militants" else "unspecified"
    if base and lemma not in AMBIGUOUS_GROUP and noun.lower_ not in AMBIGUOUS_GROUP:
        if base in ("security_forces", "unspecified") and _membership(noun, aliases) == "militants":
            return "militants"
        return base
    if base is None and noun.pos_ in ("PROPN", "NOUN"):
        side = armed_body_named(noun, aliases)
        if side:
            return side  # "20 Houthis", "13 Taliban": the armed group's own name for its members
    words = phrase_words(noun)
    folded = {t.lower_ for t in words} | {lemma_of(t) for t in words}
    for tok in words:
        org = aliases.organisation(tok.text) if tok.pos_ == "PROPN" else None
        if org and org.side:
            return org.side
    phrase = " ".join(t.text for t in words)
    org = aliases.organisation_in(phrase)
    if org and org.side:
        return org.side
    if folded & militant_modifiers():
        return "militants"
    if lemma == "volunteer" and folded & humanitarian_modifiers():
        return "civilians"
    if folded & (security_modifiers() | security_bodies()) or _of_a_state(noun, lemma, aliases):
        return "security_forces"
    for tok in words:
        # "Peshmerga fighters", "rebel units", "militia members": a side's own noun as modifier
        side = group_words().get(lemma_of(tok)) if tok.dep_ in ("compound", "amod") else None
        if side in ("security_forces", "militants"):
            return side
    if lemma in ("member", "element"):
        for tok in words:
            inner = group_words().get(lemma_of(tok))
            if inner and inner not in ("unspecified", "custody"):
                return inner
    return base


def armed_body_named(noun: Token, aliases: AliasTable) -> str | None:
    """The side of the armed organisation a counted noun names ("20 Houthis were killed",
    "13 Taliban", "five Peshmerga"): its members."""
    org = aliases.organisation_in(noun.text)
    return org.side if org is not None else None


def in_custody(noun: Token) -> bool:
    """ "inmates", "detainees", "escapees": people held, whose side only the text can say."""
    return (group_words().get(lemma_of(noun)) or group_words().get(noun.lower_)) == "custody"


def _membership(noun: Token, aliases: AliasTable) -> str | None:
    """The armed group a noun's own modifiers say its people belong to: "IS suspects",
    "ISIS detainees", "jihadist prisoners", "suspected militants" — not its "of" phrase
    or possessor, which may be who holds them ("captives of Boko Haram")."""
    for tok in noun.children:
        if tok.dep_ not in ("amod", "compound", "nmod") or tok.i > noun.i:
            continue
        org = aliases.organisation_in(tok.text) if tok.pos_ == "PROPN" or tok.text.isupper() else None
        if org and org.side:
            return org.side
        if {tok.lower_, lemma_of(tok)} & militant_modifiers():
            return "militants"
    return None


def _of_a_state(noun: Token, lemma: str, aliases: AliasTable) -> bool:
    """ "Russian forces", "Syrian regime troops", "Iraq army units": a country's armed
    forces, named by its nationality or its name, are security forces. Not said of
    fighters, whose nationality marks foreign jihadists as often as an army."""
    if lemma not in _STATE_FORCES:
        return False
    return any(
        tok.dep_ in ("amod", "compound", "nmod", "poss")
        and tok.i < noun.i
        and (tok.ent_type_ in ("NORP", "GPE") or aliases.country_of_demonym(tok.text))
        for tok in noun.children
    )
