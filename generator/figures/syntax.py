"""Reading the dependency parse around a count: the noun it counts, the
phrases that describe that noun, and whether two counts stand in one list.

Shared by ``categories`` (what is counted) and ``groups`` (whom); spaCy's
tokens never leave the NLP layer (``nlp``, ``extract`` and these helpers).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .lexicon import (
    category_nouns,
    group_words,
)
from .predicate_words import (
    people_nouns,
)

PARTITIVE_PREPS = frozenset({"of", "among"})
_AROUND_NUMBERS = frozenset({"a", "an", "half", "quarter", "of", "and", "-", "–"})
PARTICLES = frozenset({"out", "up", "down", "away", "off", "back"})
PEOPLE_ENDINGS = ("ist", "ian", "ee", "man", "men", "woman", "women", "child", "children", "girl", "boy", "folk")


def lemma_of(tok: Token) -> str:
    return tok.lemma_.lower()


def number_root(number: Span) -> Token:
    """The token of a number's words the parse hangs the count on: the span's root, unless
    that is a word around the number ("a half-dozen women": the parse may hang "a" on
    "women"), and then the number word itself."""
    words = [t for t in number if t.lower_ not in _AROUND_NUMBERS]
    if not words or number.root in words:
        return number.root
    return next((t for t in reversed(words) if t.head not in number), words[-1])


def verb_lemma(verb: Token) -> str:
    """A verb with its particle, as one lemma: "broke out" is "break_out", "rounded 30
    suspects up" "round_up"; a verb without one is its lemma ("kill")."""
    for child in verb.children:
        adjacent = child.i == verb.i + 1 and child.dep_ in ("prep", "advmod") and child.lower_ in PARTICLES
        if child.dep_ == "prt" or adjacent:
            return f"{lemma_of(verb)}_{child.lower_}"
    return lemma_of(verb)


def counted_noun(root: Token) -> Token:
    """The noun a number counts: "23 [people]", "a dozen [members]", "five sub-[inspectors]";
    the number itself when bare ("killing 71"); the people a number numbers ("the assailants,
    numbering about 15", "gunmen who numbered more than 100")."""
    verb = root.head
    if (
        root.dep_ in ("dobj", "attr", "npadvmod")
        and verb.lemma_.lower() == "number"
        and verb.dep_ in ("acl", "relcl")
        and verb.head.pos_ in ("NOUN", "PROPN")
    ):
        return _compound_end(verb.head)
    tok = root
    while tok.dep_ in ("nummod", "quantmod", "compound", "npadvmod") and tok.head != tok and tok.head.i > tok.i:
        tok = tok.head
        if tok.pos_ in ("NOUN", "PROPN", "ADJ"):
            while (
                tok.dep_ == "compound"
                and tok.head.pos_ in ("NOUN", "PROPN")
                and tok.head.i > tok.i
                and not names_people(tok)
            ):
                tok = tok.head  # "Fifteen [cattle] rustlers", "Seven [Wagner] mercenaries": the last noun names them
            return _compound_end(tok)
    if root.dep_ == "amod" and root.head.pos_ == "NOUN" and root.head.i > root.i:
        return _compound_end(root.head)
    return _following_noun(root) or root


def _compound_end(tok: Token) -> Token:
    """ "sub - inspectors" is one word to a reader: its last part names it."""
    doc = tok.doc
    if (
        tok.i + 2 < len(doc)
        and doc[tok.i + 1].text == "-"
        and doc[tok.i + 2].pos_ in ("NOUN", "PROPN")
        and not doc[tok.i + 2].is_stop  # "passers-by" is passers
    ):
        return doc[tok.i + 2]
    return tok


def _following_noun(root: Token) -> Token | None:
    """When the parse loses it, the people a bare count names right after it:
    "three Nigerien soldiers", "more than 12,000 IS suspects", "137 freed schoolchildren"
    (a participle before the noun, which headlines' parses take for the verb), "3 IS militants"
    (with "IS" taken for the verb "is": a word in capitals is a name)."""
    doc = root.doc
    for tok in doc[root.i + 1 : min(root.i + 4, len(doc))]:
        lemma = lemma_of(tok)
        if lemma in group_words() or lemma in category_nouns():
            return tok if tok.pos_ in ("NOUN", "PROPN") and lemma not in ("dead", "wounded", "injured") else None
        if tok.pos_ in ("NOUN", "PROPN") and (lemma.endswith(PEOPLE_ENDINGS) or lemma in people_nouns()):
            return tok
        named = tok.text.isupper() and tok.is_alpha and len(tok) > 1
        participle = tok.tag_ in ("VBN", "VBD")
        if (tok.pos_ not in ("ADJ", "PROPN", "NOUN") and not participle and not named) or tok.ent_type_ in (
            "DATE",
            "TIME",
        ):
            return None
    return None


def names_people(noun: Token) -> bool:
    """Does a noun name people: a word of the group or category tables, a nationality,
    or a noun for people by its ending ("journalists", "abductees", "tribesmen",
    "schoolchildren", "schoolgirls", "townsfolk")?"""
    lemma = lemma_of(noun)
    if lemma in group_words() or lemma in category_nouns() or lemma in people_nouns() or noun.lower_ in group_words():
        return True
    return noun.ent_type_ == "NORP" or lemma.endswith(PEOPLE_ENDINGS)


def modifiers(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("amod", "compound", "oprd", "acomp")]


def partitive(tok: Token) -> list[Token]:
    """The noun of "of the dead", "among them", "among IS members" — also when the
    parser hangs the phrase on the verb right after the count ("left 31 dead among …")."""
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in PARTITIVE_PREPS]
    if tok.head != tok and tok.right_edge.i + 1 < len(tok.doc):
        following = tok.doc[tok.right_edge.i + 1]
        if following.head == tok.head and following.dep_ == "prep" and following.lower_ in PARTITIVE_PREPS:
            preps.append(following)
    return [p for c in preps for p in c.children if p.dep_ == "pobj"]


def verb_after(root: Token) -> Token | None:
    """The verb a bare count is the subject of when the parse loses it: "25 were taken"."""
    doc = root.doc
    for tok in doc[root.i + 1 : min(root.i + 4, len(doc))]:
        if tok.pos_ == "AUX" or tok.lower_ in ("also", "still", "now", "reportedly"):
            continue
        return tok if tok.pos_ == "VERB" else None
    return None


def linked(a: Token, b: Token) -> bool:
    """Are two tokens members of one list ("28 dead …, 45 among …", "killing 71, injuring 122")?"""
    if a.head == b or b.head == a:
        return a.dep_ in ("conj", "appos") or b.dep_ in ("conj", "appos")
    if a.dep_ == b.dep_ and a.head.dep_ == "conj" and a.head.head == b.head:
        return True
    subjects = ("nsubj", "nsubjpass")
    if a.dep_ in subjects and b.dep_ in subjects and _coordinated(a.head, b.head):
        return True  # "Five soldiers were killed and six others wounded": subjects of a list of verbs
    listed = ("dobj", "npadvmod", "appos", "conj", "attr", "oprd")
    if a.head == b.head and a.dep_ in listed and b.dep_ in listed and a.head.pos_ == "VERB":
        return True
    return a.head == b.head and a.dep_ == b.dep_ and a.head.pos_ == "VERB"


def _coordinated(a: Token, b: Token) -> bool:
    return (a.dep_ == "conj" and a.head == b) or (b.dep_ == "conj" and b.head == a)


def attributes(nominal: Token) -> list[Token]:
    """ "Twenty-seven of the dead were policemen": what a copula says the count is."""
    if nominal.dep_ == "nsubj" and lemma_of(nominal.head) == "be":
        return [c for c in nominal.head.children if c.dep_ in ("attr", "acomp")]
    return []


def phrase_words(noun: Token) -> list[Token]:
    """The words of a noun phrase that describe it: modifiers and its "of" phrase, not
    its clauses ("fighters jailed at … the Syrian city" are not Syrian fighters)."""
    words, stack = [], [c for c in noun.children if _describes(c)]
    while stack:
        tok = stack.pop()
        words.append(tok)
        stack.extend(c for c in tok.children if _describes(c))
    return sorted(words, key=lambda t: t.i)


def _describes(tok: Token) -> bool:
    if tok.dep_ in ("relcl", "acl", "appos", "punct", "cc", "conj", "advcl"):
        return False
    return tok.dep_ != "prep" or tok.lower_ in PARTITIVE_PREPS


def tree_distance(a: Token, b: Token) -> int:
    """Steps from one token to another through the dependency tree."""
    up_a, up_b = [a, *a.ancestors], [b, *b.ancestors]
    common = next((t for t in up_a if t in up_b), None)
    if common is None:
        return len(up_a) + len(up_b)
    return up_a.index(common) + up_b.index(common)
