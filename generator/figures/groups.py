"""Whom a count is of: security forces, militants, civilians or unspecified.

The counted noun decides ("23 soldiers", "40 pupils": ``noun_groups``); then the
words around it: a partitive or a pronoun that refers back ("nine of them
children"), nouns in apposition ("two people, a woman and a man"), where they live
("people from the community"), the subject of a level verb, the side attacked (by the
verb, or named by the attack: "an attack on the army"), a
coordinated clause, an elided noun, or the same figure stated earlier in the
article. People in custody are an armed group's only when the text says so
(``custody``); a toll's level counts everyone.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..aliases import AliasTable
from ..models import Claim
from .custody import held_are_militants
from .lexicon import civilian_places, home_places, level_nouns, level_verbs
from .noun_groups import AMBIGUOUS_GROUP, group_of_noun, in_custody
from .quantities import Quantity
from .syntax import attributes, lemma_of, linked, partitive, phrase_words

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
    if (group in (None, "unspecified") or lemma_of(nominal) in AMBIGUOUS_GROUP) and category in ("killed", "injured"):
        group = _group_of_attacked(nominal, aliases) or group
    if (group in (None, "unspecified") and lemma_of(nominal) in AMBIGUOUS_GROUP) and category in ("killed", "injured"):
        group = _group_of_target(nominal, aliases) or group
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
        and (held_militants or held_are_militants(held, sent, aliases))
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
    if nominal != root and (lemma_of(nominal) not in AMBIGUOUS_GROUP - {"other"} or nominal.ent_type_ == "NORP"):
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
    """ "ambushed a patrol of the SDF, killing eight fighters": the dead are of the side
    attacked; "attacked a mosque …, killing 64": with no noun of its own, the dead of a
    place where people pray, learn, shop or travel are those people, civilians (but
    "killing 64 people" says they were people, of any side)."""
    verb = nominal.head
    if (
        nominal.dep_ != "dobj"
        or verb.dep_ != "advcl"
        or verb.tag_ != "VBG"
        or lemma_of(nominal) in ("people", "person")
    ):
        return None  # "attacked a police checkpoint, killing nine people": people, of any side
    for obj in (c for c in verb.head.children if c.dep_ == "dobj"):
        if nominal.like_num and lemma_of(obj) in civilian_places():
            return "civilians"
        for word in (obj, *phrase_words(obj)):
            group = group_of_noun(word, aliases) if word.pos_ in ("NOUN", "PROPN") else None
            if group and group != "unspecified":
                return group
    return None


_ATTACK_NOUNS = frozenset(["attack", "assault", "ambush", "raid", "offensive", "onslaught", "bombing", "strike"])
_AGAINST = frozenset(["on", "against", "targeting"])


def _group_of_target(nominal: Token, aliases: AliasTable) -> str | None:
    """ "the deadliest attack on security forces since April, when 22 personnel were killed":
    a noun either side uses for its own ("personnel", "members", "units") counts, among the
    dead and wounded, the side its sentence says was attacked ("an attack on the army", "the
    ambush on police posts"). "People" and "civilians" say whom they count themselves."""
    for tok in nominal.sent:
        if tok.pos_ != "NOUN" or lemma_of(tok) not in _ATTACK_NOUNS:
            continue
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in _AGAINST):
            for target in (c for c in prep.children if c.dep_ == "pobj"):
                for word in (target, *phrase_words(target)):
                    group = group_of_noun(word, aliases) if word.pos_ in ("NOUN", "PROPN") else None
                    if group in ("security_forces", "militants", "civilians"):
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
