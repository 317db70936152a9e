"""Whose are the people in custody a count is of: inmates, detainees and escapees are
nobody's side unless the text says they are an armed group's — in their own words
("IS suspects"), their sentence ("home to 5,000 inmates, including ISIS commanders",
"militants stormed the jail to free prisoners") or an earlier sentence of the article
("IS fighters are imprisoned there")."""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Span, Token

from ..aliases import AliasTable
from .lexicon import custody_words, group_words
from .noun_groups import group_of_noun, in_custody
from .syntax import lemma_of, partitive

_FREEING = frozenset(["free", "release", "liberate", "spring", "rescue"])
"""What an armed group does for its own people in custody: "an attack to free prisoners"."""


def says_militants_are_held(sent: Span, aliases: AliasTable) -> bool:
    """Does the sentence say a prison holds an armed group's members, so that the
    article's inmates and escapees are theirs? "Alleged IS fighters are imprisoned there",
    "5,000 IS supporters who are currently in prison", "jihadists held at the camp",
    "home to 5,000 inmates, including ISIS commanders"."""
    if not _custody_text().search(sent.text):
        return False  # most sentences: nothing about prisons, nothing to parse
    held = [t for t in sent if lemma_of(t) in _IMPRISONING or lemma_of(t) in custody_words() or in_custody(t)]
    for tok in held:
        if in_custody(tok) and held_are_militants(tok, sent, aliases):
            return True
        if tok.pos_ == "VERB" and lemma_of(tok) in _IMPRISONING:
            for prisoner in (c for c in tok.children if c.dep_ == "nsubjpass"):
                if group_of_noun(prisoner, aliases) == "militants":
                    return True
        # "IS supporters who are currently in prison": the clause that holds them
        clause = next((a for a in (tok, *tok.ancestors) if a.dep_ in ("relcl", "acl")), None)
        if clause is not None and clause.head.pos_ == "NOUN" and group_of_noun(clause.head, aliases) == "militants":
            return True
    return False


_IMPRISONING = frozenset(["imprison", "jail", "incarcerate", "intern", "hold", "house"])
"""Verbs of keeping people in prison (not of arresting them: "detained" is often that)."""


@cache
def _custody_text() -> re.Pattern[str]:
    """Word beginnings of everything :func:`says_militants_are_held` reads, to pass over
    the sentences that say nothing of prisons without looking at their tokens."""
    stems = {w[:5] for w in (*_IMPRISONING, *custody_words(), "held", "housed")}
    stems |= {w[:5] for w, name in group_words().items() if name == "custody"}
    return re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, stems))) + ")", re.IGNORECASE)


def held_are_militants(noun: Token, sent: Span, aliases: AliasTable) -> bool:
    """Does the sentence say the people held are an armed group's? "home to 5,000 inmates,
    including ISIS commanders"; "3,500 inmates are held … and many of them are members of
    IS"; "militants mounted an attack to free prisoners from the jail, home to 3,000
    inmates". Otherwise inmates and escapees are nobody's side, unless the article said so
    before (:func:`says_militants_are_held`)."""
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("including", "among")):
        for member in (t for t in prep.subtree if t.pos_ in ("NOUN", "PROPN")):
            if group_of_noun(member, aliases) == "militants":
                return True
    for tok in sent:
        if tok.dep_ in ("nsubj", "nsubjpass") and any(p.lower_ in ("them", "whom") for p in partitive(tok)):
            for attr in (c for c in tok.head.children if c.dep_ in ("attr", "acomp")):
                if group_of_noun(attr, aliases) == "militants":
                    return True
        if lemma_of(tok) in _FREEING and (in_custody(tok.head) or any(in_custody(c) for c in tok.children)):
            verb = next((a for a in tok.ancestors if a.pos_ == "VERB"), tok) if tok.pos_ != "VERB" else tok
            while verb.dep_ in ("xcomp", "advcl") and not any(c.dep_ == "nsubj" for c in verb.children):
                verb = verb.head
            for subject in (c for c in verb.children if c.dep_ == "nsubj"):
                if group_of_noun(subject, aliases) == "militants":
                    return True
    return False
