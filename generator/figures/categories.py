"""What a count counts (killed, injured, arrested, held, …), read from the parse.

Decided by, in turn: a noun that says it ("44 dead bodies", "the death toll"),
the count it is part of ("42, including 37 students"), the size of a force ("a
300-strong column", "a militia of about 100"), the predicate the count is subject
or object of ("were killed", "killing 71", "had been recaptured", read in
``predicates``), the noun of the event ("the abduction of 280 pupils"), a level
verb's subject ("the toll has risen to 33"), its own clauses ("inmates who are in
prison"), the list it is coordinated in ("28 dead …, 45 among IS members"), the noun
itself ("3,500 inmates" are held) and finally the nearest cue in the sentence.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..models import Claim
from .lexicon import (
    category_nouns,
    category_predicates,
    custody_words,
    group_words,
    holding_nouns,
    level_nouns,
    level_verbs,
)
from .predicate_words import (
    detained_nouns,
    event_nouns,
    force_nouns,
    raising_verbs,
    seizing_verbs,
)
from .predicates import in_excepted_phrase, own_phrase_category, verb_category
from .syntax import lemma_of, linked, modifiers, names_people, partitive, verb_after, verb_lemma


def category_of(
    root: Token, nominal: Token, sent: Span, found: list, earlier: list[Claim], *, known_people: bool = True
) -> str | None:
    """What the count at ``root`` (counting ``nominal``) counts, or None. A noun not known to
    name people (``known_people=False``: "killed 20 apostates") takes its category only
    from what the sentence says befell it, not from a cue nearby."""
    # 1. A noun that says it: "44 dead bodies", "28 dead", "157 wounded".
    after = [root.doc[root.i + 1]] if root.i + 1 < len(root.doc) else []
    for tok in (*modifiers(root), nominal, *modifiers(nominal), *after):  # "One dead, six hurt": its own word first
        cue = category_nouns().get(lemma_of(tok)) or category_nouns().get(tok.lower_)
        if cue and cue[1]:
            return cue[0]
    # "The attack claimed the lives of five members of one family", "took the lives of 12 people".
    lives = nominal.head.head if nominal.dep_ == "pobj" and nominal.head.lower_ == "of" else None
    if lives is not None and lemma_of(lives) == "life" and lemma_of(lives.head) in ("claim", "take", "cost", "end"):
        return "killed"
    # "Five people were shot, two of them fatally": the count's own adverb.
    if any(c.dep_ == "advmod" and c.lower_ in ("fatally", "mortally") for c in (*root.children, *nominal.children)):
        return "killed"
    # "Twenty-seven of the dead", "seven of the wounded" — unless a verb says what befell them
    # since ("two of the injured later succumbed to their wounds").
    of_whom = next((c for t in partitive(root) if (c := _strong_cue(t))), None)
    if of_whom and not _acts(nominal):
        return of_whom
    # "seven of them in critical condition": a phrase of the count's own.
    own = own_phrase_category(root)
    if own:
        return own
    # "the toll stood at 42, including 37 students", "16 dead, up from 14": of the count before it.
    if found and _of_the_count_before(nominal):
        return found[-1][2]
    if _force_size(root, nominal):
        return "fighters"
    # 2. The predicate the count is subject or object of.
    counted = _people_counted(root, nominal)
    if nominal.dep_ == "pobj" and nominal.head.lower_ == "with":
        # "the toll has risen to 40, with 61 others still receiving treatment": what befell the
        # people after "with" is their own clause's, not the level's
        for child in nominal.children:
            if child.dep_ in ("acl", "relcl", "amod") and child.pos_ in ("VERB", "ADJ"):
                category = verb_category(child, counted) or category_predicates().get(lemma_of(child))
                if category:
                    return category
    predicate = _predicate_category(nominal, counted)
    if predicate:
        return predicate
    if nominal is root:
        following = verb_after(root)
        if following is not None:
            category = verb_category(following, counted, subject=True)
            if category:
                return category
    # 3. Its own clauses: "militants who escaped", "people killed", "inmates who are in prison", "freed pupils".
    between = [t for t in root.doc[root.i + 1 : nominal.i] if t.tag_ in ("VBN", "VBD")] if nominal.i > root.i else []
    for child in (*nominal.children, *between):
        if child.dep_ in ("relcl", "acl", "amod") or child in between:
            # "inmates who killed a guard" did the killing; "people killed" were killed
            subject = child.dep_ == "relcl" and any(c.dep_ == "nsubj" for c in child.children)
            category = verb_category(child, counted, subject=subject)
            if category:
                return category
        if child.dep_ == "amod" and lemma_of(child) in category_predicates():
            return category_predicates()[lemma_of(child)]
    # "this figure had stood at 140", "which brought the number to 41": the count before it.
    if _refers_back(nominal) and (found or earlier):
        return found[-1][2] if found else earlier[-1].category
    if not known_people:
        return None
    # "seven of them in critical condition": the count before it in the sentence — but
    # "one of them then blew himself up" does what its verb says, and is not of that figure.
    if found and any(t.lower_ in ("them", "those") for t in partitive(root)) and not _acts(nominal):
        return found[-1][2]
    # 4. A list it belongs to: "killing 71, injuring 122", "28 dead …, 45 among …".
    for _q, other, category, _ in found:
        if linked(nominal, other) or linked(root, other):
            return category
    # 5. The noun's own sense: "3,500 inmates" are held, "100 assailants" are fighters.
    cue = category_nouns().get(lemma_of(nominal))
    if cue and nominal is not root:
        return cue[0]
    # 6. "Among them are 45 …", "seven of them": the count refers back.
    if (
        not _acts(nominal) and any(t.lower_ in ("them", "those", "whom") for t in partitive(root) + partitive(nominal))
    ) or (sent[0].lower_ == "among" and len(sent) > 1 and sent[1].lower_ in ("them", "those")):
        if found:
            return found[-1][2]
        if earlier:
            return earlier[-1].category
    # 7. The nearest cue in the sentence, for a noun that names people.
    if nominal is not root or root.dep_ in ("nsubj", "nsubjpass", "dobj"):
        return _nearest_cue(root, sent)
    return None


def also_befell(nominal: Token, category: str) -> list[str]:
    """Other categories the same count has from a verb coordinated with its own, sharing
    it: "kidnapped and killed five farmers", "were abducted and later killed" are five
    abducted and five killed. Not "killed and injured 50", a count of casualties."""
    verb = nominal.head
    if verb.pos_ != "VERB":
        return []
    if nominal.dep_ == "dobj" and verb.dep_ == "conj" and verb.head.pos_ == "VERB":
        # "kidnapped and killed five farmers": the first verb's object is the second's
        others = [verb.head] if not any(c.dep_ == "dobj" for c in verb.head.children) else []
    elif nominal.dep_ == "nsubjpass" or (nominal.dep_ == "nsubj" and not any(c.dep_ == "dobj" for c in verb.children)):
        # "five farmers were kidnapped and later killed", "five prisoners escaped and were
        # recaptured": the second verb's subject is the first's
        others = [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" and not _has_subject(c)]
    else:
        return []
    if not any(c.dep_ == "cc" and c.lower_ == "and" for t in (verb, *others) for c in t.children):
        return []
    found = []
    for other in others:
        extra = category_predicates().get(verb_lemma(other)) or category_predicates().get(lemma_of(other))
        if extra in _SEQUENCE and extra != category and {extra, category} != {"killed", "injured"}:
            found.append(extra)
    return found


_SEQUENCE = frozenset({"killed", "injured", "abducted", "arrested", "escaped", "missing"})
"""What can befall the same people one after the other: kidnapped then killed, escaped then
recaptured — not "evacuated and treated" (moved for care) nor "held"."""


def _has_subject(verb: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _strong_cue(tok: Token) -> str | None:
    cue = category_nouns().get(lemma_of(tok)) or category_nouns().get(tok.lower_)
    return cue[0] if cue and cue[1] else None


def _acts(nominal: Token) -> bool:
    """Is the count the subject or object of a verb of its own (not "are", "remain")?"""
    verb = nominal.head
    return (
        nominal.dep_ in ("nsubj", "nsubjpass", "dobj")
        and verb.pos_ == "VERB"
        and lemma_of(verb) not in ("be", "remain")
    )


def _of_the_count_before(nominal: Token) -> bool:
    """A part of the count before it ("42, including 37 students", "killed 20 people,
    among them five children") or its earlier level ("16 dead, up from 14")."""
    head = nominal.head
    if nominal.dep_ != "pobj" or head.i > nominal.i:
        return False
    earlier = head.lower_ == "from" and head.head.lower_ in ("up", "down")
    return head.lower_ in ("including", "among") or earlier


def _force_size(root: Token, nominal: Token) -> bool:
    """The size of an armed body: "a 300-strong column", "a militia of about 100", "a force of 5,000",
    "the attackers, numbering about 15"."""
    doc = root.doc
    if root.i + 2 < len(doc) and doc[root.i + 1].text in ("-", "–") and doc[root.i + 2].lower_ == "strong":
        # "a 300-strong column", "a 100-strong cohort of militants" — not "a 12-strong delegation"
        body = doc[root.i + 2].head
        members = [p for p in partitive(body)] + [body]
        return lemma_of(body) in force_nouns() or any(
            category_nouns().get(lemma_of(m)) == ("fighters", False) for m in members
        )
    if nominal is not root and lemma_of(root.head) == "number" and root.head.dep_ in ("acl", "relcl"):
        # "the bombers, numbering about six", "gunmen who numbered more than 100": armed people, numbered
        return group_words().get(lemma_of(nominal)) in ("militants", "security_forces")
    if nominal is not root or root.dep_ != "pobj" or root.head.lower_ != "of":
        return False
    return lemma_of(root.head.head) in force_nouns()


def _refers_back(nominal: Token) -> bool:
    """Is the count the level of a figure named only as "the figure", "the number",
    "the total" ("which brought the number to 41", "this figure had stood at 140")?"""
    prep = nominal.head
    if nominal.dep_ != "pobj" or prep.dep_ != "prep" or lemma_of(prep.head) not in level_verbs() | raising_verbs():
        return False
    holders = [c for c in prep.head.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.pos_ == "NOUN"]
    return bool(holders) and all(
        lemma_of(h) in level_nouns() and not any(lemma_of(c) == "of" for c in h.children) for h in holders
    )


def only_people_undergo(category: str, nominal: Token) -> bool:
    """Is what befell a noun we do not know said only of people? "were killed", "were
    wounded", "are missing", "fled", "escaped", "were kidnapped", "were arrested" — not
    "captured two settlements", "released 20 videos", "held three rallies"."""
    if category in ("killed", "injured", "missing", "displaced", "escaped"):
        return True
    verb = nominal.head
    return category in ("abducted", "arrested") and lemma_of(verb) in seizing_verbs()


def _people_counted(root: Token, nominal: Token) -> Token:
    """The noun for the people counted: the count's noun, or for a bare count, the noun of
    its "of" phrase ("35 of the fugitives")."""
    if nominal is root:
        nouns = [t for t in partitive(root) if t.pos_ in ("NOUN", "PROPN")]
        if nouns:
            return nouns[0]
    return nominal


def _predicate_category(nominal: Token, counted: Token) -> str | None:
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
            while (
                prep_head.dep_ in ("prep", "advmod")
                and prep_head.pos_ in ("ADP", "ADV")
                and prep_head.head != prep_head
            ):
                # "raised the toll from 43 to 53": "to" hangs on "from"; "rose to 27, up from 18"
                prep_head = prep_head.head
            if category_nouns().get(lemma_of(prep_head), ("", False))[1]:
                return category_nouns()[lemma_of(prep_head)][0]
            if lemma_of(prep_head) in holding_nouns() and head.lower_ == "to":
                return "held"  # "home to some 3,000 inmates"
            if head.lower_ == "of" and lemma_of(prep_head) in event_nouns():
                return _event_category(prep_head, counted, nominal)  # "the abduction of over 280 pupils"
            tok = prep_head
            if tok.pos_ in ("NOUN", "PROPN", "NUM"):
                if lemma_of(tok) in level_nouns():
                    continue
                if lemma_of(tok) not in level_verbs() | raising_verbs():
                    return None
            return verb_category(tok, counted)
        if dep in ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "npadvmod", "advmod"):
            return verb_category(head, counted, subject=dep == "nsubj")
        return None
    return None


def _event_category(event: Token, counted: Token, nominal: Token) -> str | None:
    """ "the release of 40 hostages" counts captives; "the release of 300 prisoners" by a
    government counts nobody we count; "the escape of 3 trucks" is no count of people."""
    if nominal.pos_ == "NOUN" and not names_people(nominal):
        return None
    if lemma_of(event) == "release" and lemma_of(counted) in detained_nouns():
        return None
    return event_nouns()[lemma_of(event)]


def _nearest_cue(root: Token, sent: Span) -> str | None:
    best: tuple[int, str] | None = None
    for tok in sent:
        lemma = lemma_of(tok)
        if in_excepted_phrase(tok):
            continue  # "were sentenced to death" names no death
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
    if lemma_of(nominal) in detained_nouns() or lemma_of(nominal) == "suspect":
        return True
    return any(lemma_of(t) in custody_words() for t in sent)
