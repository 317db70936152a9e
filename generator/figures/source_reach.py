"""How far a named source reaches: the figures of the sentences after it that go on
about the same scene ("Among the dead were …"), the figures just before a sentence
that names their source ("The figure was given by …"), and those below a "Source: X"
line; not a figure of another place or time, or one the article says was only
reported."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..aliases import AliasTable, fold


def source_line_name(line: str, aliases: AliasTable) -> str | None:
    """The source a "Source: X" line above a report names, canonical when the table knows
    it: "Source: SANA" → Syrian Arab News Agency; "Sources: SOHR, SDF" → the first."""
    _, colon, names = line.partition(":")
    first = re.split(r"[,;/]| and ", names)[0].strip(" .-–—") if colon else ""
    if not first:
        return None
    org = aliases.organisation_in(first) or aliases.organisation(first)
    return org.name if org is not None else first


GIVING = frozenset(["provide", "release", "issue", "supply", "compile", "share", "relay"])
"""Verbs by which a source hands over figures: "The figures were provided by the ministry"."""
_BACK_REFERENCES = frozenset(["this", "that", "these", "those"])
_STATED_THINGS = frozenset(["figure", "figures", "information", "toll", "number", "numbers", "news", "tally", "count"])


def stated_just_before(tok: Token) -> bool:
    """ "This", "the figure", "these figures", "the information": what was just stated."""
    if tok.lower_ in _BACK_REFERENCES and tok.pos_ == "PRON":
        return True
    return tok.lemma_.lower() in _STATED_THINGS and any(
        c.dep_ == "det" and c.lower_ in ("the", *_BACK_REFERENCES) for c in tok.children
    )


_NEW_SCENE = frozenset(["separately", "meanwhile", "elsewhere", "earlier", "previously", "last", "in", "on"])
_OTHER = frozenset(["another", "separate", "other", "different", "earlier", "previous", "similar"])


_OWN_HEARSAY = frozenset(["reportedly", "allegedly", "apparently", "purportedly", "unconfirmed"])


def continues(sent: Span, source: Span | None) -> bool:
    """Does ``sent`` go on with what ``source``, the sentence that named a source, reported,
    so that its figures are that source's too? Not when it turns to another scene:
    "Separately, …", "In another attack …", "Elsewhere, …", or a place or day the source's
    sentence did not name ("In October 2020, about 1,300 detainees escaped in Beni"); nor
    when it says its figure was only reported ("reportedly", "allegedly")."""
    if source is None or any(t.lower_ in _OWN_HEARSAY for t in sent):
        return False  # "Twenty-seven of the dead were reportedly policemen": another, unnamed source
    words = [t.lower_ for t in sent if not t.is_punct][:4]
    if words and words[0] in _NEW_SCENE and (words[0] not in ("in", "on", "last") or set(words[1:]) & _OTHER):
        return False
    named = {fold(e.text) for e in source.ents if e.label_ in ("GPE", "LOC", "FAC", "DATE")}
    return all(fold(e.text) in named for e in sent.ents if e.label_ in ("GPE", "LOC", "FAC") or _another_time(e))


_THE_COUNTED = frozenset(["dead", "victim", "wounded", "injured", "casualty", "toll", "body"])


def refers_back(sent: Span) -> bool:
    """Does a sentence go on about the figures just given? "Among the dead were five
    children", "Seven of them were women", "Another 12 were wounded", "The victims
    included …"."""
    for tok in sent:
        if tok.lower_ in ("them", "those") and tok.head.lower_ in ("of", "among"):
            return True
        if tok.lower_ in ("another", "further") and tok.i + 1 < sent.end and tok.nbor().like_num:
            return True
        if tok.lemma_.lower() in _THE_COUNTED and any(c.lower_ in ("the", "these", "those") for c in tok.children):
            return True
    return sent[0].lower_ == "among"


def _another_time(ent: Span) -> bool:
    """A date that points away from the story's days: "in October 2020", "last year", "two
    months ago" — not "by Friday alone", which is within them."""
    words = set(fold(ent.text).split())
    return ent.label_ == "DATE" and bool(
        words & {"year", "years", "month", "months", "ago"} or any(w.isdigit() and len(w) == 4 for w in words)
    )
