"""From parsed articles to claims: every count of people, what it counts
(``categories``), whom (``groups``), its hedge and who states it (``claimants``).

The counts come from the ``briefings_quantities`` component (``nlp``); this
module walks each article's sentences in order, so that a source or a count
named in one sentence can be referred to in the next.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..aliases import AliasTable
from ..models import Article, Claim, EventMention, Extraction, TextSpan
from .categories import also_befell, category_of, in_custody, only_people_undergo
from .claimants import ArticleSources
from .custody import says_militants_are_held
from .events import clause_date, event_mentions
from .groups import enemies_of_claimant, group_of
from .noun_groups import armed_body_named
from .patterns import (
    hedges_before,
    not_claims,
)
from .quantities import Quantity
from .source_reach import continues, refers_back, source_line_name
from .syntax import counted_noun, lemma_of, names_people, number_root, partitive, tree_distance


def extract_article(article: Article, parsed: Iterable[tuple[TextSpan, Doc]], aliases: AliasTable) -> Extraction:
    """Read every claim and event mention of one article from its parsed report spans."""
    sources = ArticleSources(aliases)
    claims: list[Claim] = []
    events: list[EventMention] = []
    unattributed: list[int] = []
    """Indexes in ``claims`` of the figures of the sentence just read, when it names no source."""
    held_militants = False
    """Whether the article has said its prison holds an armed group's members."""
    previous_claimant: str | None = None
    source_sentence: Span | None = None
    for span, doc in parsed:
        paragraph_start = True
        for sent in doc.sents:
            sources.read_sentence(sent)
            mentions = event_mentions(article, span.start, sent, aliases)
            events.extend(mentions)
            sentence_claims = [
                _placed(c, sent, span.start, mentions, aliases)
                for c in _claims_in_sentence(article, span, sent, sources, claims, aliases, held_militants)
            ]
            held_militants = held_militants or says_militants_are_held(sent, aliases)
            claimed = [c for c in sentence_claims if c.claimant]
            if not sentence_claims:
                late = sources.late_attribution(sent)
                if late and unattributed:
                    # "… kidnapped a total of 287 students. The figure was given by the head teacher."
                    for i in unattributed:
                        claims[i] = _with_claimant(claims[i], late)
                # a source named for the figures before is not the next sentence's
                previous_claimant = None if late else sources.source_of_sentence(sent)
                source_sentence = sent
            elif claimed:
                previous_claimant = claimed[-1].claimant
                source_sentence = sent
            elif (
                previous_claimant
                and span.kind != "headline"
                and continues(sent, source_sentence)
                and (not paragraph_start or refers_back(sent))
            ):
                # "The Observatory said at least 78 … Among them are 45 …": the source carries
                # on, into the next paragraph only when it goes on about the same figures
                sentence_claims = [_with_claimant(c, previous_claimant) for c in sentence_claims]
            else:
                previous_claimant = None  # figures of no source's: the thread is broken
            paragraph_start = False
            unattributed = [len(claims) + i for i, c in enumerate(sentence_claims) if not c.claimant]
            claims.extend(sentence_claims)
    return Extraction(article=article.id, claims=_credited(article, claims, aliases), events=tuple(events))


def _credited(article: Article, claims: list[Claim], aliases: AliasTable) -> tuple[Claim, ...]:
    """Figures with no source of their own are the source's that a "Source: X" line above
    them names (a line set aside from the report as a source credit)."""
    lines = [
        (span.start, source_line_name(article.text[span.start : span.end], aliases))
        for span in article.boilerplate
        if span.reason == "source credit"
    ]
    if not lines:
        return tuple(claims)
    credited = []
    for claim in claims:
        above = [name for at, name in lines if at < claim.start and name]
        credited.append(claim if claim.claimant or not above else _with_claimant(claim, above[-1]))
    return tuple(credited)


def _placed(claim: Claim, sent: Span, offset: int, mentions: list[EventMention], aliases: AliasTable) -> Claim:
    """Tie a figure to the scene nearest it in the parse ("the jihadists killed 11 soldiers
    in an attack on an army base in … Iraq" is in Iraq, not in the Hasakeh of the clause
    before), to the country its own words name, and to its clause's date words."""
    doc = sent.doc
    number = doc.char_span(claim.start - offset, claim.end - offset, alignment_mode="expand")
    if number is None:
        return claim
    root = number_root(number)
    verbs = [t for t in root.ancestors if t.pos_ in ("VERB", "AUX")]
    own_phrase = set(counted_noun(root).subtree)
    scenes = []
    for m in mentions:
        for at in m.place_offsets:
            place = doc.char_span(at - offset, at - offset + 1, alignment_mode="expand")
            if place is not None:
                # the place of the figure's own clause first: "a bomb exploded in Mogadishu, killing 12,
                # while militants ambushed a convoy near Kismayo, killing five"
                governor = next((t for t in place.root.ancestors if t.pos_ in ("VERB", "AUX")), None)
                clause = verbs.index(governor) if governor in verbs else len(verbs)
                if place.root in own_phrase:
                    clause = -1  # "3,500 fighters jailed at Ghwayran prison": the figure's own words
                scenes.append((clause, tree_distance(root, place.root), abs(at - claim.start), at))
    country = None
    for tok in sorted(own_phrase, key=lambda t: t.i):
        country = country or aliases.country_of_demonym(tok.text)
    return replace(claim, scene=min(scenes)[3] if scenes else None, country=country, when=clause_date(root))


def _with_claimant(claim: Claim, claimant: str) -> Claim:
    return replace(claim, claimant=claimant)


def _claims_in_sentence(
    article: Article,
    span: TextSpan,
    sent: Span,
    sources: ArticleSources,
    earlier: list[Claim],
    aliases: AliasTable,
    held_militants: bool = False,
) -> list[Claim]:
    doc = sent.doc
    quantities = [q for q in doc._.quantities if sent.start <= q.num_start < sent.end]
    found: list[tuple[Quantity, Token, str, str]] = []
    for q in quantities:
        root = number_root(doc[q.num_start : q.num_end])
        nominal = counted_noun(root)
        people = _counts_people(root, nominal, aliases)
        if people is False and not (nominal is not root and armed_body_named(nominal, aliases)):
            continue
        people = True if people is False else people  # an armed body the alias table names
        category = category_of(root, nominal, sent, found, earlier, known_people=people is True)
        if category is None or (people is None and not only_people_undergo(category, nominal)):
            continue
        if category == "held" and not in_custody(nominal, sent):
            continue
        for befell in (category, *also_befell(nominal, category)):
            group = group_of(root, nominal, sent, found, earlier, befell, q, aliases, held_militants)
            found.append((q, nominal, befell, group))
    claims = []
    for q, nominal, category, group in found:
        number = doc[q.num_start : q.num_end]
        q = _list_hedge(doc, q, sent)
        expression = doc[q.start : q.end]
        claimant = sources.claimant_of(number_root(number))
        claims.append(
            Claim(
                article=article.id,
                category=category,
                group=enemies_of_claimant(group, number_root(number), nominal, category, claimant, aliases),
                value=q.value,
                low=q.low,
                high=q.high,
                qualifier=q.qualifier,
                claimant=claimant,
                # from the stored text: a title-case headline is parsed as a copy in sentence case
                quote=article.text[span.start + sent.start_char : span.start + sent.end_char],
                start=span.start + number.start_char,
                end=span.start + number.end_char,
                number_text=article.text[span.start + expression.start_char : span.start + expression.end_char],
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


def _counts_people(root: Token, nominal: Token, aliases: AliasTable) -> bool | None:
    """Is this a count of people? "50 nationalities" and "two buses" are not (False);
    "23 soldiers", "five Kenyans", "137 schoolchildren", "700,000 more", "25 Taliban"
    (members of an armed group the alias table knows) are (True). A noun neither names
    (None) counts people only if the sentence says what befell it."""
    if nominal is root:
        return not any(lemma_of(p) in not_claims() for p in partitive(root))
    lemma = lemma_of(nominal)
    if lemma in not_claims() or nominal.lower_ in not_claims():
        return False
    if names_people(nominal):
        return True
    if nominal.pos_ == "PROPN" and nominal.i > root.i:
        org = aliases.organisation_in(root.doc[root.i + 1 : nominal.i + 1].text)
        if org is not None and org.side is not None:
            return True
    # "killed 2,600 people and driven 700,000 more from their homes": more of those just named
    if nominal.lower_ in ("more", "others") and nominal.head.pos_ in ("VERB", "AUX", "ADP"):
        return True
    return None if nominal.pos_ == "NOUN" else False
