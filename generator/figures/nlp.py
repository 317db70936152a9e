"""The spaCy pipeline: the English model plus the project's own components.

This is the only module that builds a ``Language``. The model is an installed
package named by the ``model`` option (no download at run time); the project's
components are registered with spaCy's ``Language.factory`` so that they show
in ``nlp.pipe_names`` and can be configured and tested like spaCy's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from ..models import Article
from .headlines import is_title_case, sentence_cased
from .patterns import change_words
from .quantities import Quantity, find_quantities, split_range

QUANTITIES = "briefings_quantities"

if not Doc.has_extension("quantities"):
    Doc.set_extension("quantities", default=())

_SKIP_ENTS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL"})
_MEASURES = frozenset(
    {
        "%",
        "percent",
        "per",
        "year",
        "years",
        "km",
        "miles",
        "mile",
        "kilometres",
        "kilometers",
        "metres",
        "meters",
        "am",
        "pm",
        "a.m.",
        "p.m.",
        "gmt",
        "hours",
        "hrs",
        "times",
    }
)


class QuantityFinder:
    """Marks every count in a Doc as ``doc._.quantities`` (a tuple of :class:`Quantity`
    with token indices into the Doc), leaving out dates, times, ages and measures."""

    def __init__(self, nlp: Language, name: str, *, skip_entities: bool) -> None:
        self.name = name
        self.skip_entities = skip_entities

    def __call__(self, doc: Doc) -> Doc:
        words = [t.text for t in doc]
        found = []
        for q in find_quantities(words):
            found.extend(split_range(words, q) if _is_a_change(doc, q) else (q,))
        doc._.quantities = tuple(q for q in found if not self._is_not_a_count(doc, q))
        return doc

    def _is_not_a_count(self, doc: Doc, q: Quantity) -> bool:
        """Years, dates, times, ages, percentages, money and distances are never counts of people."""
        tokens = doc[q.num_start : q.num_end]
        if (
            self.skip_entities
            and any(t.ent_type_ in _SKIP_ENTS and not _only_numbers(doc, t) for t in tokens)
            and not _count_before_date(doc, q)
        ):
            return True
        after = doc[q.num_end].lower_ if q.num_end < len(doc) else ""
        after2 = doc[q.num_end + 1].lower_ if q.num_end + 1 < len(doc) else ""
        if after in _MEASURES or after.startswith("-year") or (after == "-" and after2.startswith("year")):
            return True
        first = tokens[0].text
        if q.value is not None and first.isdigit() and len(first) == 4 and 1800 <= int(first) <= 2100:
            return True  # "in 2014", "between 2014 and 2017"
        if tokens[0].text.startswith("0") and tokens[0].text.isdigit():
            return True  # "2023-01-31", "at 0630": a date's or a clock's digits, not a count
        before = doc[q.num_start - 1].text if q.num_start > 0 else ""
        if _age_in_apposition(doc, q):
            return True
        # money, list numbers and "(1)" footnote marks
        return before in ("$", "€", "£", "#", "No.") or (before == "(" and after == ")")


def _age_in_apposition(doc: Doc, q: Quantity) -> bool:
    """ "The suspect, 21, was taken into custody", "Ahmed Ali, 45, was among the dead": a
    bare number set off by commas after one person is that person's age."""
    if q.start != q.num_start or q.num_start < 2 or q.num_end >= len(doc):
        return False
    person = doc[q.num_start - 2]
    return doc[q.num_start - 1].text == "," and doc[q.num_end].text == "," and person.tag_ in ("NN", "NNP")


def _is_a_change(doc: Doc, q: Quantity) -> bool:
    """ "rose from 43 to 53", "raised the death toll from 20 to 26": a "from … to" range
    whose "from" hangs on a verb or noun of change (``change_words``) states two figures."""
    if q.high is None or q.value == q.high or doc[q.start].lower_ != "from":
        return False
    head = doc[q.start].head
    return head.lemma_.lower() in change_words() or (
        head.pos_ in ("NOUN", "PROPN") and head.head.lemma_.lower() in change_words()
    )


def _count_before_date(doc: Doc, q: Quantity) -> bool:
    """ "rose to 27, up from 18 a day earlier": the model may tag "18 a day earlier" as one
    DATE, but a number that opens the entity and is followed by its own time phrase
    ("a day earlier", "the day before", "on Friday", "last week") is a count."""
    ent = next((e for e in doc.ents if e.start <= q.num_start < e.end), None)
    return (
        ent is not None
        and ent.start == q.num_start
        and q.num_end < ent.end
        and doc[q.num_end].lower_ in ("a", "an", "the", "on", "last", "this", "yesterday", "earlier")
    )


def _only_numbers(doc: Doc, token) -> bool:
    """Is the entity around ``token`` just numbers and range words ("Between 20 and 30")?
    The model sometimes tags such a range as a DATE."""
    ent = next((e for e in doc.ents if e.start <= token.i < e.end), None)
    if ent is None or ent.label_ != "DATE":
        return False
    return all(t.like_num or t.lower_ in ("between", "and", "to", "-", "–", "some", "about", "around") for t in ent)


@Language.factory(
    QUANTITIES,
    default_config={"skip_entities": True},
    requires=["token.ent_type"],
    assigns=["doc._.quantities"],
)
def make_quantity_finder(nlp: Language, name: str, skip_entities: bool) -> QuantityFinder:
    """The ``briefings_quantities`` component (see :class:`QuantityFinder`)."""
    return QuantityFinder(nlp, name, skip_entities=skip_entities)


def build_pipeline(model: str) -> Language:
    """Load the English model named ``model`` and add the project's components (spaCy raises
    ``OSError`` when no such model is installed)."""
    nlp = spacy.load(model)
    nlp.add_pipe(QUANTITIES, last=True)
    return nlp


def model_version(nlp: Language) -> str:
    """``name==version`` of the loaded model, for the cache key and the report."""
    return f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '?')}=={nlp.meta.get('version', '?')}"


def report_texts(article: Article) -> Iterator[str]:
    """The text to parse for each of ``article``'s report spans: the span's own text, or for
    a headline in title case a copy in sentence case of the same length (``headlines``),
    so that offsets into the parse stay offsets into the stored text."""
    for span in article.report:
        text = article.text[span.start : span.end]
        if span.kind == "headline" and is_title_case(text):
            body = article.text[: span.start] + " " * len(text) + article.text[span.end :]
            text = sentence_cased(text, body)
        yield text


def parse(nlp: Language, texts: Iterable[tuple[str, Any]], *, batch_size: int = 32) -> Iterator[tuple[Doc, Any]]:
    """Run the pipeline over ``(text, context)`` pairs with ``nlp.pipe``, in order. Each doc's
    annotations are its own: the same whatever else shares its batch (``parse`` spreads the
    articles over processes; ``batch_size`` only trades memory for speed)."""
    yield from nlp.pipe(texts, as_tuples=True, batch_size=batch_size)
