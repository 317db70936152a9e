"""What a count counts (killed, injured, arrested, held, …), read from the parse.

Decided by, in turn: a noun that says it ("44 dead bodies", "the death toll"),
the predicate the count is subject or object of ("were killed", "killing 71",
"had been recaptured"), a level verb's subject ("the toll has risen to 33"),
the list it is coordinated in ("28 dead …, 45 among IS members"), the noun
itself ("3,500 inmates" are held) and finally the nearest cue in the sentence.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..models import Claim
from .lexicon import (
    category_nouns,
    category_phrases,
    category_predicates,
    custody_words,
    holding_nouns,
    level_nouns,
    level_verbs,
    light_verbs,
)
from .syntax import lemma_of, linked, modifiers, partitive, verb_after


def category_of(root: Token, nominal: Token, sent: Span, found: list, earlier: list[Claim]) -> str | None:
    # 1. A noun that says it: "44 dead bodies", "28 dead", "157 wounded", "Twenty-seven of the dead".
    after = [root.doc[root.i + 1]] if root.i + 1 < len(root.doc) else []
    for tok in (nominal, *modifiers(nominal), *modifiers(root), *partitive(root), *after):
        cue = category_nouns().get(lemma_of(tok)) or category_nouns().get(tok.lower_)
        if cue and cue[1]:
            return cue[0]
    # "seven of them in critical condition": the count before it in the sentence.
    if found and any(t.lower_ in ("them", "those") for t in partitive(root)):
        return found[-1][2]
    # 2. The predicate the count is subject or object of.
    predicate = _predicate_category(nominal)
    if predicate:
        return predicate
    if nominal is root:
        following = verb_after(root)
        if following is not None:
            category = verb_category(following)
            if category:
                return category
    # 3. Its own clauses: "militants who escaped", "people killed".
    for child in nominal.children:
        if child.dep_ in ("relcl", "acl", "amod") and lemma_of(child) in category_predicates():
            return category_predicates()[lemma_of(child)]
    # 4. A list it belongs to: "killing 71, injuring 122", "28 dead …, 45 among …".
    for _q, other, category, _ in found:
        if linked(nominal, other) or linked(root, other):
            return category
    # 5. The noun's own sense: "3,500 inmates" are held, "100 assailants" are fighters.
    cue = category_nouns().get(lemma_of(nominal))
    if cue and nominal is not root:
        return cue[0]
    # 6. "Among them are 45 …", "seven of them": the count refers back.
    if any(t.lower_ in ("them", "those", "whom") for t in partitive(root) + partitive(nominal)) or (
        sent[0].lower_ == "among" and len(sent) > 1 and sent[1].lower_ in ("them", "those")
    ):
        if found:
            return found[-1][2]
        if earlier:
            return earlier[-1].category
    # 7. The nearest cue in the sentence, for a noun that names people.
    if nominal is not root or root.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return _nearest_cue(root, sent)
    return None


def _predicate_category(nominal: Token) -> str | None:
    tok = nominal
    for _ in range(5):
        dep, head = tok.dep_, tok.head
        if head == tok:
            return None
        if dep in ("conj", "appos") and head.pos_ in ("NOUN", "PROPN", "NUM", "PRON"):
            tok = head
            continue
        if dep in ("pobj",) and head.dep_ == "prep":
            # "a death toll of 70", "risen to 87", "at a total of 10,000"
            prep_head = head.head
            if category_nouns().get(lemma_of(prep_head), ("", False))[1]:
                return category_nouns()[lemma_of(prep_head)][0]
            if lemma_of(prep_head) in holding_nouns() and head.lower_ == "to":
                return "held"  # "home to some 3,000 inmates"
            tok = prep_head
            if tok.pos_ in ("NOUN", "PROPN", "NUM") and lemma_of(tok) not in level_verbs():
                if lemma_of(tok) in level_nouns():
                    continue
                return None
            return verb_category(tok)
        if dep in ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "npadvmod", "advmod"):
            return verb_category(head)
        return None
    return None


def verb_category(verb: Token) -> str | None:
    """The category a predicate gives its arguments, looking through light and level verbs."""
    lemma = lemma_of(verb)
    phrase = _phrase_category(verb)
    if phrase:
        return phrase
    complement_deps = (
        ("oprd", "acomp", "ccomp", "xcomp", "dobj") if lemma == "leave" else ("oprd", "acomp", "ccomp", "xcomp")
    )
    for child in verb.children:
        # "left 11 soldiers dead", "leaving others missing", "left 31 dead among …, as well as six civilians"
        if child.dep_ in complement_deps and lemma_of(child) in (
            "dead",
            "missing",
            "injured",
            "wounded",
            "free",
            "active",
        ):
            return category_predicates().get(lemma_of(child))
    if lemma in category_predicates():
        return category_predicates()[lemma]
    if lemma in light_verbs():
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp", "oprd") and lemma_of(child) in category_predicates():
                return category_predicates()[lemma_of(child)]
    if lemma in level_verbs():
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
                for tok in child.subtree:
                    cue = category_nouns().get(lemma_of(tok))
                    if cue and cue[1]:
                        return cue[0]
                    if lemma_of(tok) in category_predicates() and tok.pos_ in ("VERB", "ADJ"):
                        return category_predicates()[lemma_of(tok)]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and lemma in ("be", "remain"):
        return verb_category(verb.head)
    return None


def _phrase_category(verb: Token) -> str | None:
    """ "were taken hostage", "had taken part", "remained at large": a fixed phrase after the verb."""
    following = " ".join(t.lower_ for t in verb.subtree if t.i >= verb.i)
    for phrase, category in category_phrases().items():
        if following.startswith(phrase) or f" {phrase}" in following[: len(phrase) + 20]:
            return category
    return None


def _nearest_cue(root: Token, sent: Span) -> str | None:
    best: tuple[int, str] | None = None
    for tok in sent:
        lemma = lemma_of(tok)
        cue = None
        if (
            lemma in category_predicates()
            and tok.pos_ in ("VERB", "ADJ")
            and lemma not in ("hold", "house", "active", "free", "large")
        ):
            cue = category_predicates()[lemma]
        elif category_nouns().get(lemma, ("", False))[1]:
            cue = category_nouns()[lemma][0]
        if cue and (best is None or abs(tok.i - root.i) < best[0]):
            best = (abs(tok.i - root.i), cue)
    return best[1] if best and best[0] <= 12 else None


def in_custody(nominal: Token, sent: Span) -> bool:
    """ "held" is about detention: a detainee noun, or a prison in the sentence."""
    if lemma_of(nominal) in ("inmate", "prisoner", "detainee", "suspect"):
        return True
    return any(lemma_of(t) in custody_words() for t in sent)
