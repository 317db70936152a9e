"""Whom a count is of: security forces, militants, civilians or unspecified.

The counted noun decides ("23 soldiers"); for nouns that could be either side
("fighters", "members", "forces") their modifiers and "of" phrase do ("Kurdish
forces", "members of the jihadist group"), then the subject of a level verb,
the side attacked, a coordinated clause, an elided noun, or the same figure
stated earlier in the article.
"""

from __future__ import annotations

import re
from functools import cache

from spacy.tokens import Span, Token

from .aliases import AliasTable
from .lexicon import (
    custody_words,
    group_words,
    home_places,
    humanitarian_modifiers,
    level_nouns,
    level_verbs,
    militant_modifiers,
    security_bodies,
    security_modifiers,
)
from .models import Claim
from .quantities import Quantity
from .syntax import attributes, lemma_of, linked, partitive, phrase_words

_AMBIGUOUS_GROUP = frozenset(
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
_DEFAULT_GROUP = {"arrested": "militants"}
"""Whom a count is of when nothing else says: people arrested in an incident are its
suspects (GOLD.md: militants include "their detained suspects"). People who flee their
homes, and inmates held, escaped or recaptured, are nobody's side unless the text says:
in the count's own words, its sentence, or an earlier count of the prison's population
("5,000 IS supporters who are in prison" … "90 escaped inmates were arrested again")."""


def group_of(
    root: Token,
    nominal: Token,
    sent: Span,
    found: list,
    earlier: list[Claim],
    category: str,
    q: Quantity,
    aliases: AliasTable,
    held_militants: bool = False,
) -> str:
    """Whom the count at ``root`` is of. ``held_militants``: the article has said its
    prison holds an armed group's members (:func:`says_militants_are_held`)."""
    group = group_of_noun(nominal, aliases)
    if group in (None, "unspecified"):
        for tok in (*partitive(root), *partitive(nominal), *attributes(nominal)):
            group = _antecedent_group(tok, found, earlier, aliases) or group_of_noun(tok, aliases) or group
            if group not in (None, "unspecified"):
                break
    if group in (None, "unspecified"):
        group = _group_in_apposition(root, nominal, aliases) or _residents(nominal) or group
    total = _is_a_total(root)
    if group is None and found and found[-1][3] != "unspecified" and not total:
        # "71 soldiers were killed, 12 were wounded": the noun is left out, not changed.
        group = found[-1][3]
    if (group is None and not total) or (group == "unspecified" and nominal.lower_ in ("others", "other")):
        others = nominal.lower_ in ("others", "other")
        for _, other, _, other_group in found:
            # "killing 23 soldiers and wounding 10 others": more of the unit; but "killed 30
            # civilians and injured 50 others" are the rest of the people there, of any side
            if (linked(nominal, other) or linked(root, other)) and other_group != "unspecified":
                group = other_group if not (others and other_group == "civilians") else group
        if others and group in (None, "unspecified"):
            coordinated = _group_of_coordinated_object(nominal, aliases)
            group = coordinated if coordinated not in (None, "civilians") else group
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
    held = next((t for t in (nominal, *partitive(root), *partitive(nominal)) if in_custody(t)), None)
    if (
        group in (None, "unspecified")
        and held is not None
        and (held_militants or _held_are_militants(held, sent, aliases))
    ):
        group = "militants"  # "3,500 inmates": whose they are is for the text to say
    if group == "civilians" and _mixed(sent, aliases):
        group = "unspecified"
    if group in (None, "unspecified") and category in _DEFAULT_GROUP and held is None:
        group = _DEFAULT_GROUP[category]
    return group or "unspecified"


def _antecedent_group(pronoun: Token, found: list, earlier: list[Claim], aliases: AliasTable) -> str | None:
    """ "187 students … and 125 …, but 25 of them managed to escape": "them" are the
    people named last before it in the sentence, counted or not, or else the people of
    the sentence before ("18 pupils were abducted. Six of them escaped")."""
    if pronoun.lower_ not in ("them", "whom") or pronoun.pos_ != "PRON":
        return None
    for tok in reversed(pronoun.doc[pronoun.sent.start : pronoun.i]):
        if tok.pos_ in ("NOUN", "PROPN") and tok.tag_ in ("NNS", "NNPS"):
            group = group_of_noun(tok, aliases)
            if group is not None:
                return group
    if found:
        return found[-1][3]
    return earlier[-1].group if earlier else None


def _group_in_apposition(root: Token, nominal: Token, aliases: AliasTable) -> str | None:
    """ "two people, a woman and a man", "twenty of them children", "five people, all
    civilians": nouns set beside the count say who they are. Not when hedged: "12 people,
    mostly civilians" and "60 people, most of them foreigners" stay a mixed total."""
    apposed = [c for t in {root, nominal} for c in t.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if nominal.pos_ == "NOUN":
        apposed += [
            c
            for c in nominal.children
            if c.dep_ == "conj" and c.pos_ == "NOUN" and c.doc[c.left_edge.i - 1].text == ","
        ]
    groups = set()
    for noun in apposed:
        around = {t.lower_ for t in noun.doc[min(root.i, nominal.i) + 1 : noun.right_edge.i + 1]}
        if around & _HEDGED_APPOSITION or any(c.dep_ == "nummod" for c in noun.children):
            return None  # hedged, or a count of its own: "five people, two policemen among them"
        for member in (noun, *(c for c in noun.children if c.dep_ == "conj")):
            groups.add(group_of_noun(member, aliases))
    return groups.pop() if len(groups) == 1 and None not in groups else None


_HEDGED_APPOSITION = frozenset(["mostly", "most", "mainly", "many", "some", "including", "among", "largely"])


def _residents(nominal: Token) -> str | None:
    """ "15 people from the community", "people of the village", "20 local people": people
    named by where they live are its residents, civilians."""
    if lemma_of(nominal) not in ("people", "person", "individual"):
        return None
    for child in nominal.children:
        if child.dep_ == "amod" and child.lower_ == "local":
            return "civilians"
        if child.dep_ == "prep" and child.lower_ in ("from", "of", "within"):
            for place in (c for c in child.children if c.dep_ == "pobj"):
                if lemma_of(place) in home_places() or place.ent_type_ in ("GPE", "LOC"):
                    return "civilians"
    return None


def _is_a_total(root: Token) -> bool:
    """ "the death toll had climbed to 53", "put the toll at about 160", "brought the
    number to 41": the level of a total, which counts everyone, not the people of the
    count named before it."""
    tok = root
    while tok.dep_ in ("pobj", "prep") and tok.head != tok:
        tok = tok.head
    if tok.pos_ not in ("VERB", "AUX") or lemma_of(tok) not in level_verbs():
        return False
    totals = level_nouns() | {"toll"}
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and lemma_of(c) in totals for c in tok.children)


def enemies_of_claimant(
    group: str, root: Token, nominal: Token, category: str, claimant: str | None, aliases: AliasTable
) -> str:
    """An armed group's own tally of those it killed or wounded counts its enemies, the
    security forces: ISWAP "claimed … 'killing at least 100 elements'", an IS statement:
    "'killing around 100'". Only in its own words (quoted, or what it claims) and only
    when they leave the dead unnamed: a bare number or a noun of either side — "killing
    100 civilians" or "30 Christians" say whom, and "a Taliban spokesman said" a bomber
    killed 19 is an authority's count, not its own deed."""
    if group != "unspecified" or category not in ("killed", "injured") or not claimant:
        return group
    if nominal != root and (lemma_of(nominal) not in _AMBIGUOUS_GROUP - {"other"} or nominal.ent_type_ == "NORP"):
        return group
    deed = nominal.head if nominal.dep_ == "dobj" else None
    if deed is None or not (deed.tag_ == "VBG" or any(c.dep_ == "nsubj" for c in deed.children)):
        return group  # "25 people were killed": not told as the group's own deed
    if not (_quoted(root) or any(lemma_of(a) == "claim" for a in root.ancestors)):
        return group
    org = aliases.organisation_in(claimant)
    return "security_forces" if org is not None and org.side == "militants" else group


def _quoted(tok: Token) -> bool:
    """Is ``tok`` inside quotation marks opened earlier in its sentence?"""
    inside = False
    for before in tok.doc[tok.sent.start : tok.i]:
        if before.text in ("“", "”", '"'):
            inside = before.text == "“" or (before.text == '"' and not inside)
    return inside


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
    """Whom a noun phrase names: the noun's own class ("gendarmes", "worshippers"),
    unless a named armed group or a militant word marks it ("ISIS commanders",
    "rebel soldiers"); for people in custody and for nouns of either side, the
    modifiers and "of" phrase decide ("IS suspects", "members of the army")."""
    lemma = lemma_of(noun)
    base = group_words().get(lemma) or group_words().get(noun.lower_)
    if base == "custody":
        return "militants" if _membership(noun, aliases) == "militants" else "unspecified"
    if base and lemma not in _AMBIGUOUS_GROUP and noun.lower_ not in _AMBIGUOUS_GROUP:
        if base in ("security_forces", "unspecified") and _membership(noun, aliases) == "militants":
            return "militants"
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
        if in_custody(tok) and _held_are_militants(tok, sent, aliases):
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


def _held_are_militants(noun: Token, sent: Span, aliases: AliasTable) -> bool:
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


def _group_in_subject(nominal: Token, aliases: AliasTable) -> str | None:
    """ "The number of members of the security forces who died was at least 23",
    "the number of IS fighters … at a total of 10,000": whom the subject's noun names."""
    tok = nominal
    while tok.dep_ in ("pobj", "prep", "attr", "acomp") and tok.head != tok:
        if tok.dep_ == "prep" and tok.lower_ == "among":
            return None  # "a teacher and her son were among eight people killed": a part, not the whole
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
