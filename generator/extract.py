"""From parsed articles to claims: every count of people, what it counts, whom,
its hedge and who states it.

The counts come from the ``briefings_quantities`` component; this module reads
the dependency parse around each one. What is counted is decided by, in turn:
a noun that says it ("44 dead bodies", "the death toll"), the predicate the
count is subject or object of ("were killed", "killing 71", "had been
recaptured"), a level verb's subject ("the toll has risen to 33"), the list it
is coordinated in ("28 dead …, 45 among IS members"), the noun itself
("3,500 inmates" are held) and finally the nearest cue in the sentence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from .aliases import AliasTable
from .claimants import ArticleSources
from .events import event_mentions
from .models import Article, Claim, EventMention, Extraction, TextSpan
from .patterns import (
    category_nouns,
    category_phrases,
    category_predicates,
    custody_words,
    group_words,
    hedges_before,
    holding_nouns,
    level_nouns,
    level_verbs,
    light_verbs,
    militant_modifiers,
    not_claims,
    security_modifiers,
)
from .quantities import Quantity

_AMBIGUOUS_GROUP = frozenset(
    ["member", "fighter", "force", "forces", "operative", "supporter", "element", "personnel", "other", "unit"]
)
_PARTITIVE_PREPS = frozenset({"of", "among"})
_DEFAULT_GROUP = {"displaced": "civilians", "held": "militants", "escaped": "militants"}
"""Whom a count is of when nothing else says: people who flee their homes are civilians;
people held, or escaped from custody, are detainees."""


def extract_article(article: Article, parsed: Iterable[tuple[TextSpan, Doc]], aliases: AliasTable) -> Extraction:
    """Read every claim and event mention of one article from its parsed report spans."""
    sources = ArticleSources(aliases)
    claims: list[Claim] = []
    events: list[EventMention] = []
    for span, doc in parsed:
        previous_claimant: str | None = None
        for sent in doc.sents:
            sources.read_sentence(sent)
            events.extend(event_mentions(article, span.start, sent, aliases))
            sentence_claims = _claims_in_sentence(article, span, sent, sources, claims, aliases)
            claimed = [c for c in sentence_claims if c.claimant]
            if not sentence_claims:
                previous_claimant = sources.source_of_sentence(sent)
            elif claimed:
                previous_claimant = claimed[-1].claimant
            elif sentence_claims and previous_claimant and span.kind != "headline":
                # "The Observatory said at least 78 … Among them are 45 …": the source carries on.
                sentence_claims = [_with_claimant(c, previous_claimant) for c in sentence_claims]
            claims.extend(sentence_claims)
    return Extraction(article=article.id, claims=tuple(claims), events=tuple(events))


def _with_claimant(claim: Claim, claimant: str) -> Claim:
    return replace(claim, claimant=claimant)


def _claims_in_sentence(
    article: Article,
    span: TextSpan,
    sent: Span,
    sources: ArticleSources,
    earlier: list[Claim],
    aliases: AliasTable,
) -> list[Claim]:
    doc = sent.doc
    quantities = [q for q in doc._.quantities if sent.start <= q.num_start < sent.end]
    found: list[tuple[Quantity, Token, str, str]] = []
    for q in quantities:
        root = doc[q.num_start : q.num_end].root
        nominal = _nominal(root)
        if not _counts_people(root, nominal):
            continue
        category = _category(root, nominal, sent, found, earlier)
        if category is None:
            continue
        if category == "held" and not _in_custody(nominal, sent):
            continue
        group = _group(root, nominal, sent, found, earlier, category, q, aliases)
        found.append((q, nominal, category, group))
    claims = []
    for q, _, category, group in found:
        number = doc[q.num_start : q.num_end]
        q = _list_hedge(doc, q, sent)
        claims.append(
            Claim(
                article=article.id,
                category=category,
                group=group,
                value=q.value,
                low=q.low,
                high=q.high,
                qualifier=q.qualifier,
                claimant=sources.claimant_of(number.root),
                quote=sent.text,
                start=span.start + number.start_char,
                end=span.start + number.end_char,
                number_text=doc[q.start : q.end].text,
                quote_start=span.start + sent.start_char,
            )
        )
    return claims


def _list_hedge(doc: Doc, q: Quantity, sent: Span) -> Quantity:
    """A hedge before a list applies to each member: "at least a deputy, five sub-inspectors"."""
    if q.qualifier != "exact":
        return q
    for i in range(q.start - 1, max(sent.start, q.start - 12) - 1, -1):
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX", "NUM") or tok.lower_ in (".", ";", ":"):
            return q
        words = tuple(t.lower_ for t in doc[i : i + 3])
        for phrase, qualifier in hedges_before().items():
            if words[: len(phrase)] == phrase and any(t.text == "," for t in doc[i : q.start]):
                low, high = (q.value, None) if qualifier == "at_least" else (None, q.value)
                if qualifier == "approx":
                    low = high = q.value
                return replace(q, qualifier=qualifier, low=low, high=high)
    return q


# ------------------------------------------------------------------ the noun


def _nominal(root: Token) -> Token:
    """The noun a number counts: "23 [people]", "a dozen [members]", "five sub-[inspectors]";
    the number itself when bare ("killing 71")."""
    tok = root
    while tok.dep_ in ("nummod", "quantmod", "compound", "npadvmod") and tok.head != tok and tok.head.i > tok.i:
        tok = tok.head
        if tok.pos_ in ("NOUN", "PROPN", "ADJ"):
            return _compound_end(tok)
    if root.dep_ == "amod" and root.head.pos_ == "NOUN" and root.head.i > root.i:
        return _compound_end(root.head)
    return _following_noun(root) or root


def _compound_end(tok: Token) -> Token:
    """ "sub - inspectors" is one word to a reader: its last part names it."""
    doc = tok.doc
    if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "-" and doc[tok.i + 2].pos_ in ("NOUN", "PROPN"):
        return doc[tok.i + 2]
    return tok


def _following_noun(root: Token) -> Token | None:
    """When the parse loses it, the people a bare count names right after it:
    "three Nigerien soldiers", "more than 12,000 IS suspects"."""
    doc = root.doc
    for tok in doc[root.i + 1 : min(root.i + 4, len(doc))]:
        lemma = _lemma(tok)
        if lemma in group_words() or lemma in category_nouns():
            return tok if tok.pos_ in ("NOUN", "PROPN") and lemma not in ("dead", "wounded", "injured") else None
        if tok.pos_ not in ("ADJ", "PROPN", "NOUN") or tok.ent_type_ in ("DATE", "TIME"):
            return None
    return None


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def _counts_people(root: Token, nominal: Token) -> bool:
    """Is this a count of people at all? "50 nationalities" and "two buses" are not."""
    if nominal is root:
        return not any(_lemma(p) in not_claims() for p in _partitive(root))
    lemma = _lemma(nominal)
    if lemma in not_claims() or nominal.lower_ in not_claims():
        return False
    if lemma in group_words() or lemma in category_nouns() or nominal.lower_ in group_words():
        return True
    return nominal.ent_type_ == "NORP" or lemma.endswith(("ist", "ian", "ee", "man", "men"))


# -------------------------------------------------------------- what is counted


def _category(root: Token, nominal: Token, sent: Span, found: list, earlier: list[Claim]) -> str | None:
    # 1. A noun that says it: "44 dead bodies", "28 dead", "157 wounded", "Twenty-seven of the dead".
    after = [root.doc[root.i + 1]] if root.i + 1 < len(root.doc) else []
    for tok in (nominal, *_modifiers(nominal), *_modifiers(root), *_partitive(root), *after):
        cue = category_nouns().get(_lemma(tok)) or category_nouns().get(tok.lower_)
        if cue and cue[1]:
            return cue[0]
    # "seven of them in critical condition": the count before it in the sentence.
    if found and any(t.lower_ in ("them", "those") for t in _partitive(root)):
        return found[-1][2]
    # 2. The predicate the count is subject or object of.
    predicate = _predicate_category(nominal)
    if predicate:
        return predicate
    if nominal is root:
        following = _verb_after(root)
        if following is not None:
            category = _verb_category(following)
            if category:
                return category
    # 3. Its own clauses: "militants who escaped", "people killed".
    for child in nominal.children:
        if child.dep_ in ("relcl", "acl", "amod") and _lemma(child) in category_predicates():
            return category_predicates()[_lemma(child)]
    # 4. A list it belongs to: "killing 71, injuring 122", "28 dead …, 45 among …".
    for _q, other, category, _ in found:
        if _linked(nominal, other) or _linked(root, other):
            return category
    # 5. The noun's own sense: "3,500 inmates" are held, "100 assailants" are fighters.
    cue = category_nouns().get(_lemma(nominal))
    if cue and nominal is not root:
        return cue[0]
    # 6. "Among them are 45 …", "seven of them": the count refers back.
    if any(t.lower_ in ("them", "those", "whom") for t in _partitive(root) + _partitive(nominal)) or (
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


def _verb_after(root: Token) -> Token | None:
    """The verb a bare count is the subject of when the parse loses it: "25 were taken"."""
    doc = root.doc
    for tok in doc[root.i + 1 : min(root.i + 4, len(doc))]:
        if tok.pos_ == "AUX" or tok.lower_ in ("also", "still", "now", "reportedly"):
            continue
        return tok if tok.pos_ == "VERB" else None
    return None


def _modifiers(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ in ("amod", "compound", "oprd", "acomp")]


def _partitive(tok: Token) -> list[Token]:
    """The noun of "of the dead", "among them", "among IS members" — also when the
    parser hangs the phrase on the verb right after the count ("left 31 dead among …")."""
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ in _PARTITIVE_PREPS]
    if tok.head != tok and tok.right_edge.i + 1 < len(tok.doc):
        following = tok.doc[tok.right_edge.i + 1]
        if following.head == tok.head and following.dep_ == "prep" and following.lower_ in _PARTITIVE_PREPS:
            preps.append(following)
    return [p for c in preps for p in c.children if p.dep_ == "pobj"]


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
            if category_nouns().get(_lemma(prep_head), ("", False))[1]:
                return category_nouns()[_lemma(prep_head)][0]
            if _lemma(prep_head) in holding_nouns() and head.lower_ == "to":
                return "held"  # "home to some 3,000 inmates"
            tok = prep_head
            if tok.pos_ in ("NOUN", "PROPN", "NUM") and _lemma(tok) not in level_verbs():
                if _lemma(tok) in level_nouns():
                    continue
                return None
            return _verb_category(tok)
        if dep in ("nsubj", "nsubjpass", "dobj", "attr", "oprd", "dative", "npadvmod", "advmod"):
            return _verb_category(head)
        return None
    return None


def _verb_category(verb: Token) -> str | None:
    """The category a predicate gives its arguments, looking through light and level verbs."""
    lemma = _lemma(verb)
    phrase = _phrase_category(verb)
    if phrase:
        return phrase
    complement_deps = (
        ("oprd", "acomp", "ccomp", "xcomp", "dobj") if lemma == "leave" else ("oprd", "acomp", "ccomp", "xcomp")
    )
    for child in verb.children:
        # "left 11 soldiers dead", "leaving others missing", "left 31 dead among …, as well as six civilians"
        if child.dep_ in complement_deps and _lemma(child) in (
            "dead",
            "missing",
            "injured",
            "wounded",
            "free",
            "active",
        ):
            return category_predicates().get(_lemma(child))
    if lemma in category_predicates():
        return category_predicates()[lemma]
    if lemma in light_verbs():
        for child in verb.children:
            if child.dep_ in ("xcomp", "ccomp", "oprd") and _lemma(child) in category_predicates():
                return category_predicates()[_lemma(child)]
    if lemma in level_verbs():
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass", "dobj"):
                for tok in child.subtree:
                    cue = category_nouns().get(_lemma(tok))
                    if cue and cue[1]:
                        return cue[0]
                    if _lemma(tok) in category_predicates() and tok.pos_ in ("VERB", "ADJ"):
                        return category_predicates()[_lemma(tok)]
    if verb.dep_ == "conj" and verb.head.pos_ == "VERB" and lemma in ("be", "remain"):
        return _verb_category(verb.head)
    return None


def _phrase_category(verb: Token) -> str | None:
    """ "were taken hostage", "had taken part", "remained at large": a fixed phrase after the verb."""
    following = " ".join(t.lower_ for t in verb.subtree if t.i >= verb.i)
    for phrase, category in category_phrases().items():
        if following.startswith(phrase) or f" {phrase}" in following[: len(phrase) + 20]:
            return category
    return None


def _linked(a: Token, b: Token) -> bool:
    """Are two tokens members of one list ("28 dead …, 45 among …", "killing 71, injuring 122")?"""
    if a.head == b or b.head == a:
        return a.dep_ in ("conj", "appos") or b.dep_ in ("conj", "appos")
    if a.dep_ == b.dep_ and a.head.dep_ == "conj" and a.head.head == b.head:
        return True
    listed = ("dobj", "npadvmod", "appos", "conj", "attr", "oprd")
    if a.head == b.head and a.dep_ in listed and b.dep_ in listed and a.head.pos_ == "VERB":
        return True
    return a.head == b.head and a.dep_ == b.dep_ and a.head.pos_ == "VERB"


def _nearest_cue(root: Token, sent: Span) -> str | None:
    best: tuple[int, str] | None = None
    for tok in sent:
        lemma = _lemma(tok)
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


def _in_custody(nominal: Token, sent: Span) -> bool:
    """ "held" is about detention: a detainee noun, or a prison in the sentence."""
    if _lemma(nominal) in ("inmate", "prisoner", "detainee", "suspect"):
        return True
    return any(_lemma(t) in custody_words() for t in sent)


# ------------------------------------------------------------------ whom


def _group(
    root: Token,
    nominal: Token,
    sent: Span,
    found: list,
    earlier: list[Claim],
    category: str,
    q: Quantity,
    aliases: AliasTable,
) -> str:
    group = _group_of_noun(nominal, aliases)
    if group in (None, "unspecified"):
        for tok in (*_partitive(root), *_partitive(nominal), *_attributes(nominal)):
            group = _group_of_noun(tok, aliases) or group
            if group not in (None, "unspecified"):
                break
    if group is None and found and found[-1][3] != "unspecified":
        # "71 soldiers were killed, 12 were wounded": the noun is left out, not changed.
        group = found[-1][3]
    if group is None or (group == "unspecified" and nominal.lower_ in ("others", "other")):
        for _, other, _, other_group in found:
            if (_linked(nominal, other) or _linked(root, other)) and other_group != "unspecified":
                group = other_group
        if nominal.lower_ in ("others", "other") and group in (None, "unspecified"):
            group = _group_of_coordinated_object(nominal, aliases) or group
    if group in (None, "unspecified"):
        group = _group_in_subject(nominal, aliases) or group
    if (group in (None, "unspecified") or _lemma(nominal) in _AMBIGUOUS_GROUP) and category in ("killed", "injured"):
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
            group = _group_of_noun(sent[i], aliases)
            if group and group not in ("unspecified", "civilians"):
                return True
    return False


def _attributes(nominal: Token) -> list[Token]:
    """ "Twenty-seven of the dead were policemen": what a copula says the count is."""
    if nominal.dep_ == "nsubj" and _lemma(nominal.head) == "be":
        return [c for c in nominal.head.children if c.dep_ in ("attr", "acomp")]
    return []


def _group_of_noun(noun: Token, aliases: AliasTable) -> str | None:
    """Whom a noun phrase names: the noun, then its modifiers and "of" phrase decide."""
    lemma = _lemma(noun)
    base = group_words().get(lemma) or group_words().get(noun.lower_)
    if base and lemma not in _AMBIGUOUS_GROUP and noun.lower_ not in _AMBIGUOUS_GROUP:
        return base
    words = _phrase_words(noun)
    folded = {t.lower_ for t in words} | {_lemma(t) for t in words}
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
            inner = group_words().get(_lemma(tok))
            if inner and inner != "unspecified":
                return inner
    return base


def _phrase_words(noun: Token) -> list[Token]:
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
    return tok.dep_ != "prep" or tok.lower_ in _PARTITIVE_PREPS


def _group_in_subject(nominal: Token, aliases: AliasTable) -> str | None:
    """ "The number of members of the security forces who died was at least 23",
    "the number of IS fighters … at a total of 10,000": whom the subject's noun names."""
    tok = nominal
    while tok.dep_ in ("pobj", "prep", "attr", "acomp") and tok.head != tok:
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            break
    if tok.pos_ not in ("VERB", "AUX") or (_lemma(tok) not in level_verbs() and _lemma(tok) != "be"):
        return None
    for child in tok.children:
        if child.dep_ in ("nsubj", "nsubjpass", "dobj") and child != nominal:
            for word in (child, *_phrase_words(child)):
                if word.pos_ in ("NOUN", "PROPN", "PRON"):
                    group = _group_of_noun(word, aliases)
                    if group and group != "unspecified":
                        return group
    return None


def _group_of_attacked(nominal: Token, aliases: AliasTable) -> str | None:
    """ "ambushed a patrol of the SDF, killing eight fighters": the dead are of the side attacked."""
    verb = nominal.head
    if nominal.dep_ != "dobj" or verb.dep_ != "advcl" or verb.tag_ != "VBG":
        return None
    for obj in (c for c in verb.head.children if c.dep_ == "dobj"):
        for word in (obj, *_phrase_words(obj)):
            group = _group_of_noun(word, aliases) if word.pos_ in ("NOUN", "PROPN") else None
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
                return _group_of_noun(child, aliases)
    return None
