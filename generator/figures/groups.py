"""Whom a count is of: security forces, militants, civilians or unspecified.

The counted noun decides ("23 soldiers"); for nouns that could be either side
("fighters", "members", "forces") their modifiers and "of" phrase do ("Kurdish
forces", "members of the jihadist group"), then the subject of a level verb,
the side attacked, a coordinated clause, an elided noun, or the same figure
stated earlier in the article.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..aliases import AliasTable
from ..models import Claim
from .lexicon import (
    group_words,
    level_verbs,
    militant_modifiers,
    security_modifiers,
)
from .quantities import Quantity
from .syntax import attributes, lemma_of, linked, partitive, phrase_words

_AMBIGUOUS_GROUP = frozenset(
    ["member", "fighter", "force", "forces", "operative", "supporter", "element", "personnel", "other", "unit"]
)
_DEFAULT_GROUP = {"displaced": "civilians", "held": "militants", "escaped": "militants"}
"""Whom a count is of when nothing else says: people who flee their homes are civilians;
people held, or escaped from custody, are detainees."""


def group_of(
    root: Token,
    nominal: Token,
    sent: Span,
    found: list,
    earlier: list[Claim],
    category: str,
    q: Quantity,
    aliases: AliasTable,
) -> str:
    group = group_of_noun(nominal, aliases)
    if group in (None, "unspecified"):
        for tok in (*partitive(root), *partitive(nominal), *attributes(nominal)):
            group = group_of_noun(tok, aliases) or group
            if group not in (None, "unspecified"):
                break
    if group is None and found and found[-1][3] != "unspecified":
        # "71 soldiers were killed, 12 were wounded": the noun is left out, not changed.
        group = found[-1][3]
    if group is None or (group == "unspecified" and nominal.lower_ in ("others", "other")):
        for _, other, _, other_group in found:
            if (linked(nominal, other) or linked(root, other)) and other_group != "unspecified":
                group = other_group
        if nominal.lower_ in ("others", "other") and group in (None, "unspecified"):
            group = _group_of_coordinated_object(nominal, aliases) or group
    if group in (None, "unspecified"):
        group = _group_in_subject(nominal, aliases) or group
    if (group in (None, "unspecified") or lemma_of(nominal) in _AMBIGUOUS_GROUP) and category in ("killed", "injured"):
        group = _group_of_attacked(nominal, aliases) or group
    if group in (None, "unspecified") and nominal is root:
        group = _group_of_coordinated_clause(root, found) or group
    if group in (None, "unspecified") and nominal is root:
        same = [c for c in earlier if c.value == q.value and c.category == category and c.group != "unspecified"]
        if same:
            group = same[-1].group
    if group == "civilians" and _mixed(sent, aliases):
        group = "unspecified"
    if group in (None, "unspecified") and category in _DEFAULT_GROUP:
        group = _DEFAULT_GROUP[category]
    return group or "unspecified"


def _mixed(sent: Span, aliases: AliasTable) -> bool:
    """ "… policemen among them": the count mixes groups."""
    words = [t.lower_ for t in sent]
    for i in range(len(words) - 2):
        if words[i + 1] == "among" and words[i + 2] in ("them", "those"):
            group = group_of_noun(sent[i], aliases)
            if group and group not in ("unspecified", "civilians"):
                return True
    return False


def group_of_noun(noun: Token, aliases: AliasTable) -> str | None:
    """Whom a noun phrase names: the noun, then its modifiers and "of" phrase decide."""
    lemma = lemma_of(noun)
    base = group_words().get(lemma) or group_words().get(noun.lower_)
    if base and lemma not in _AMBIGUOUS_GROUP and noun.lower_ not in _AMBIGUOUS_GROUP:
        return base
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
    if folded & security_modifiers():
        return "security_forces"
    if lemma in ("member", "element"):
        for tok in words:
            inner = group_words().get(lemma_of(tok))
            if inner and inner != "unspecified":
                return inner
    return base


def _group_in_subject(nominal: Token, aliases: AliasTable) -> str | None:
    """ "The number of members of the security forces who died was at least 23",
    "the number of IS fighters … at a total of 10,000": whom the subject's noun names."""
    tok = nominal
    while tok.dep_ in ("pobj", "prep", "attr", "acomp") and tok.head != tok:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            break
    if tok.pos_ not in ("VERB", "AUX") or (lemma_of(tok) not in level_verbs() and lemma_of(tok) != "be"):
        return None
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child != nominal:
            for word in (child, *phrase_words(child)):
                if word.pos_ in ("NOUN", "PROPN", "PRON"):
                    group = group_of_noun(word, aliases)
                    if group and group != "unspecified":
                        return group
    return None


def _group_of_attacked(nominal: Token, aliases: AliasTable) -> str | None:
    """ "ambushed a patrol of the SDF, killing eight fighters": the dead are of the side attacked."""
    verb = nominal.head
    if nominal.dep_ != "dobj" or verb.dep_ != "advcl" or verb.tag_ != "VBG":
        return None
    for obj in (c for c in verb.head.children if c.dep_ == "dobj"):
        for word in (obj, *phrase_words(obj)):
            group = group_of_noun(word, aliases) if word.pos_ in ("NOUN", "PROPN") else None
            if group and group != "unspecified":
                return group
    return None


def _group_of_coordinated_clause(root: Token, found: list) -> str | None:
    """ "89 militants … were arrested and 23 were killed": the 23 are militants too."""
    if root.dep_ not in ("nsubj", "nsubjpass") or root.head.dep_ != "conj":
        return None
    first_verb = root.head.head
    for _, other, _, group in found:
        if other.head == first_verb and other.dep_ in ("nsubj", "nsubjpass"):
            return group
    return None


def _group_of_coordinated_object(nominal: Token, aliases: AliasTable) -> str | None:
    """ "killing a policeman and injuring two others": the others are like the policeman."""
    verb = nominal.head
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head
        for child in verb.children:
            if child.dep_ == "dobj" and child != nominal:
                return group_of_noun(child, aliases)
    return None
