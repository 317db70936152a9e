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
from .events import clause_date, event_mentions
from .groups import group_of
from .patterns import (
    hedges_before,
    not_claims,
)
from .quantities import Quantity
from .syntax import counted_noun, lemma_of, names_people, number_root, partitive, tree_distance


def extract_article(article: Article, parsed: Iterable[tuple[TextSpan, Doc]], aliases: AliasTable) -> Extraction:
    """Read every claim and event mention of one article from its parsed report spans."""
    sources = ArticleSources(aliases)
    claims: list[Claim] = []
    events: list[EventMention] = []
    for span, doc in parsed:
        previous_claimant: str | None = None
        for sent in doc.sents:
            sources.read_sentence(sent)
            mentions = event_mentions(article, span.start, sent, aliases)
            events.extend(mentions)
            sentence_claims = [
                _placed(c, sent, span.start, mentions, aliases)
                for c in _claims_in_sentence(article, span, sent, sources, claims, aliases)
            ]
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
) -> list[Claim]:
    doc = sent.doc
    quantities = [q for q in doc._.quantities if sent.start <= q.num_start < sent.end]
    found: list[tuple[Quantity, Token, str, str]] = []
    for q in quantities:
        root = number_root(doc[q.num_start : q.num_end])
        nominal = counted_noun(root)
        people = _counts_people(root, nominal, aliases)
        if people is False:
            continue
        category = category_of(root, nominal, sent, found, earlier, known_people=people is True)
        if category is None or (people is None and not only_people_undergo(category, nominal)):
            continue
        if category == "held" and not in_custody(nominal, sent):
            continue
        for befell in (category, *also_befell(nominal, category)):
            group = group_of(root, nominal, sent, found, earlier, befell, q, aliases)
            found.append((q, nominal, befell, group))
    claims = []
    for q, _, category, group in found:
        number = doc[q.num_start : q.num_end]
        q = _list_hedge(doc, q, sent)
        expression = doc[q.start : q.end]
        claims.append(
            Claim(
                article=article.id,
                category=category,
                group=group,
                value=q.value,
                low=q.low,
                high=q.high,
                qualifier=q.qualifier,
                claimant=sources.claimant_of(number_root(number)),
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
