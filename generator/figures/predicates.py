"""What a predicate says befell the people it counts: "were killed", "broke out of the
jail", "abandoned their homes", "sustained injuries", "cannot be reached", "were freed".

``categories`` decides which predicate a count belongs to; this module reads the
predicate: the verb with its particle, the fixed phrase after it, what it leaves or
receives, its negation, and the verbs it hands its meaning to ("managed to escape",
"the toll stood at").
"""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import (
    category_nouns,
    category_phrases,
    category_predicates,
    custody_words,
    level_verbs,
    light_verbs,
)
from .predicate_words import (
    care_places,
    detained_nouns,
    harm_nouns,
    home_words,
    leaving_verbs,
    phrase_exceptions,
    raising_verbs,
    reaching_verbs,
    release_verbs,
    return_verbs,
    undergo_verbs,
)
from .syntax import lemma_of, verb_lemma

_STATES = ("dead", "missing", "injured", "wounded", "free", "active")
_AWAY = ("from", "of", "out")
_CAPTIVES = {"hostage": "abducted", "captive": "abducted", "prisoner": "arrested"}
"""Taken or held as what: "taken hostage" is an abduction, "taken prisoner" a capture."""


_DEADLY = frozenset(["fatally", "mortally"])


def verb_category(
    verb: Token, counted: Token | None = None, *, subject: bool = False, seen: frozenset[int] = frozenset()
) -> str | None:
    """The category a predicate gives its arguments, looking through light and level
    verbs. ``counted`` is the noun counted, when known: freed inmates escaped where
    freed schoolchildren had been abducted. ``subject``: the count is the verb's active
    subject, and then, when the verb has an object, it is the doer, not the one the
    verb befalls ("two attackers killed three guards" counts no dead in the two)."""
    if verb.i in seen:
        return None  # the verbs it hands over to lead back to it
    seen = seen | {verb.i}
    lemma, phrasal = _lemma(verb), verb_lemma(verb)
    if phrasal == lemma_of(verb):
        phrasal = lemma  # no particle: "freed" before a noun is "free"
    phrase = _phrase_category(verb)
    if phrase:
        return phrase
    if category_predicates().get(lemma) == "injured" and any(
        c.dep_ == "advmod" and c.lower_ in _DEADLY for c in verb.children
    ):
        return "killed"  # "two were fatally shot", "mortally wounded"
    doer = subject and any(c.dep_ == "dobj" for c in verb.children)
    category = _leaving_category(verb, phrasal, counted)
    if category:
        return category
    if lemma in undergo_verbs():
        # "12 sustained injuries", "30 suffered gunshot wounds"
        for child in verb.children:
            if child.dep_ == "dobj" and lemma_of(child) in harm_nouns():
                return harm_nouns()[lemma_of(child)]
    if doer:
        return _shared_predicate(verb, counted, subject=subject, seen=seen)
    state = _state_category(verb, counted)
    if state:
        return state
    for rule in (_care_category, _release_category, _return_category, _seizure_category):
        category = rule(verb, phrasal, counted)
        if category:
            return category
    if lemma in reaching_verbs() and any(c.dep_ == "neg" for c in verb.children):
        return "missing"  # "40 cannot be reached", "12 have not been found"
    if phrasal in category_predicates():
        return category_predicates()[phrasal]
    if lemma in category_predicates():
        return category_predicates()[lemma]
    if lemma in light_verbs():
        # "managed to escape", "are feared to have been abducted", "tried to break out"
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp", "oprd") and child.pos_ in ("VERB", "AUX", "ADJ"):
                category = verb_category(child, counted, subject=subject and child.dep_ == "xcomp", seen=seen)
                if category:
                    return category
    if lemma in level_verbs() | raising_verbs():
        category = _level_category(verb)
        if category:
            return category
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and lemma in ("be", "remain"):
        return verb_category(verb.head, counted, seen=seen)
    return _shared_predicate(verb, counted, subject=subject, seen=seen)


def _shared_predicate(verb: Token, counted: Token | None, *, subject: bool, seen: frozenset[int]) -> str | None:
    """ "8 victims had been recovered and were in critical condition": a verb coordinated
    with this one, sharing its subject, says it."""
    for child in verb.children:
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and not _has_subject(child):
            category = verb_category(child, counted, subject=subject, seen=seen)
            if category:
                return category
    return None


def _lemma(verb: Token) -> str:
    """The verb's lemma — for a participle the tagger took for an adjective ("eight freed
    nurses", "the abducted girls", whose lemma is the word itself), the verb it is of."""
    lemma = lemma_of(verb)
    if verb.pos_ != "ADJ" or lemma != verb.lower_ or not lemma.endswith("ed"):
        return lemma
    stems = [lemma[:-1], lemma[:-2]]
    if len(lemma) > 4 and lemma[-3] == lemma[-4]:
        stems.append(lemma[:-3])  # "kidnapped"
    known = (category_predicates(), release_verbs(), leaving_verbs(), return_verbs())
    return next((stem for stem in stems if any(stem in table for table in known)), lemma)


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _phrase_category(verb: Token) -> str | None:
    """ "were taken hostage", "had taken part", "remained at large", "were beaten to death":
    a fixed phrase after the verb."""
    following = " ".join(t.lower_ for t in verb.subtree if t.i >= verb.i)
    for phrase, category in category_phrases().items():
        near = following.startswith(phrase) or f" {phrase}" in following[: len(phrase) + 20]
        if near and _lemma(verb) not in phrase_exceptions().get(phrase, ()):
            return category
    return None


def in_excepted_phrase(tok: Token) -> bool:
    """Is ``tok`` a word of a phrase that a verb before it turns to something else
    ("death" in "were sentenced to death")?"""
    for phrase, verbs in phrase_exceptions().items():
        words = phrase.split()
        if tok.lower_ not in words:
            continue
        start = tok.i - words.index(tok.lower_)
        if start < 1 or [t.lower_ for t in tok.doc[start : start + len(words)]] != words:
            continue
        if any(lemma_of(a) in verbs for a in tok.doc[start].ancestors):
            return True
    return False


def own_phrase_category(root: Token) -> str | None:
    """A fixed phrase in a count's own words: "seven of them in critical condition",
    "three of the wounded in a serious condition"."""
    following = " ".join(t.lower_ for t in root.subtree if t.i > root.i)
    for phrase, category in category_phrases().items():
        if f" {phrase}" in f" {following}" and phrase not in phrase_exceptions():
            return category
    return None


def _state_category(verb: Token, counted: Token | None) -> str | None:
    """ "left 11 soldiers dead", "leaving others missing", "set 40 hostages free", "held 30
    people hostage", "took 15 soldiers prisoner" (the parse may make "prisoner" the object)."""
    lemma = _lemma(verb)
    deps = ("oprd", "acomp", "ccomp", "xcomp", "dobj") if lemma == "leave" else ("oprd", "acomp", "ccomp", "xcomp")
    for child in verb.children:
        if child.dep_ in deps and lemma_of(child) in _STATES:
            if lemma_of(child) == "free":
                return "escaped" if _detained(counted, verb) else "abducted"
            return category_predicates().get(lemma_of(child))
        as_object = child.dep_ == "dobj" and lemma == "take"
        as_complement = lemma in ("take", "hold", "keep") and child.dep_ in (*deps, "advcl", "npadvmod")
        if (as_object or as_complement) and lemma_of(child) in _CAPTIVES:
            return _CAPTIVES[lemma_of(child)]
    return None


def _leaving_category(verb: Token, phrasal: str, counted: Token | None) -> str | None:
    """Leaving custody is an escape ("300 inmates broke out of the jail", "fled the prison",
    "got out of the cells", "inmates fled"); leaving home is displacement ("abandoned
    their homes", "were driven from their villages")."""
    if phrasal not in leaving_verbs() and _lemma(verb) not in leaving_verbs():
        return None
    lemmas = {lemma_of(p) for p in _places_left(verb)}
    if lemmas & custody_words():
        return "escaped"
    if lemmas & home_words():
        return "displaced"
    if counted is not None and lemma_of(counted) in detained_nouns() and _lemma(verb) in ("flee", "escape"):
        return "escaped"
    return None


def _places_left(verb: Token) -> list[Token]:
    """What a verb of leaving leaves: its object ("fled the prison") or the object of its
    "from", "of", "out of" ("broke out of the jail", "driven from their homes")."""
    places = [c for c in verb.children if c.dep_ == "dobj"]
    preps = [c for c in verb.children if c.dep_ in ("prep", "prt", "advmod") and c.lower_ in _AWAY]
    while preps:
        prep = preps.pop()
        places.extend(p for p in prep.children if p.dep_ == "pobj")
        preps.extend(c for c in prep.children if c.dep_ == "prep" and c.lower_ in _AWAY)
    return places


def _care_category(verb: Token, phrasal: str, counted: Token | None) -> str | None:
    """People taken somewhere by a verb that is not itself a killing: to a hospital they are
    injured ("were admitted to the intensive care unit", "evacuated to hospital"), to a
    morgue dead ("25 bodies taken to the mortuary" is already dead by its noun)."""
    if category_predicates().get(_lemma(verb)) == "killed" or any(lemma_of(c) == "dead" for c in verb.children):
        return None  # "died in hospital", "brought to the hospital dead" are deaths
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "into", "in", "at")):
        for place in (p for p in prep.children if p.dep_ == "pobj"):
            for word in (place, *(c for c in place.children if c.dep_ in ("compound", "amod"))):
                if lemma_of(word) in care_places():
                    return care_places()[lemma_of(word)]
    return None


def _seizure_category(verb: Token, phrasal: str, counted: Token | None) -> str | None:
    """ "187 students had been taken", "were taken away", "taken from their homes": people
    taken, with no place they were taken to, were seized — abducted ("taken to a police
    station", "for questioning" or "into custody" is not)."""
    if _lemma(verb) != "take" or phrasal in ("take_part", "take_over"):
        return None
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    if not (passive or phrasal == "take_away"):
        return None
    if any(c.dep_ in ("prep", "dative") and c.lower_ not in ("from", "by") for c in verb.children):
        return None  # "taken to hospital", "taken for questioning"
    return "abducted"


def _release_category(verb: Token, phrasal: str, counted: Token | None) -> str | None:
    """People freed or released had been captives: abducted ("137 freed schoolchildren",
    "the gang released four hostages") — or, freed from custody, escaped ("the attack
    freed 300 inmates"). An official release ("released 200 prisoners", "two suspects
    were released on bail") is no figure of ours."""
    if phrasal not in release_verbs() and _lemma(verb) not in release_verbs():
        return None
    official = _lemma(verb) == "release" and (
        (counted is not None and lemma_of(counted) == "suspect")
        or any(lemma_of(p) in ("bail", "charge") for c in verb.children if c.dep_ == "prep" for p in c.children)
    )
    if official:
        return None  # "two of the suspects were released on bail"
    if not _detained(counted, verb):
        return "abducted"
    # "the raid freed 300 inmates" is an escape; "the government released 200 prisoners" no figure of ours
    return None if _lemma(verb) == "release" else "escaped"


def _return_category(verb: Token, phrasal: str, counted: Token | None) -> str | None:
    """Escaped prisoners got back are arrests: "40 of the escapees were retrieved",
    "police caught 12 fugitives"; said of others these verbs count nothing."""
    if phrasal not in return_verbs() and _lemma(verb) not in return_verbs():
        return None
    return "arrested" if counted is not None and lemma_of(counted) in detained_nouns() else None


def _detained(counted: Token | None, verb: Token) -> bool:
    """Are the people counted in custody: a noun for prisoners, or a prison in the clause?"""
    if counted is not None and lemma_of(counted) in detained_nouns():
        return True
    return any(lemma_of(t) in custody_words() for t in verb.subtree)


def _level_category(verb: Token) -> str | None:
    """ "the death toll has risen to 33", "taking the death toll to 100", and with the
    subject lost by the parse, "said the death toll … now stood at 42"."""
    holders = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
    if not holders and verb.dep_ in ("ccomp", "conj"):
        holders = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i]
    for child in holders:
        if any(c.lower_ == "whose" for c in child.children) and child.head.dep_ == "relcl":
            # "their abductees, whose number ranges from five to seven": the noun "whose" stands for
            cue = category_nouns().get(lemma_of(child.head.head))
            if cue:
                return cue[0]
        for tok in child.subtree:
            cue = category_nouns().get(lemma_of(tok))
            if cue and cue[1]:
                return cue[0]
            if lemma_of(tok) in category_predicates() and tok.pos_ in ("VERB", "ADJ"):
                return category_predicates()[lemma_of(tok)]
    return None
