"""Spelling a source's name from the parse: the noun phrase that names it, without
its clauses, numbers and articles, as the text writes it ("Al-Masirah TV", "the Jammu
and Kashmir police", not "Al - Masirah" or "Jammu police"); a person's name without
titles; and the name a misparsed "said" stands after."""

from __future__ import annotations

from spacy.tokens import Span, Token

_DROP_DEPS = frozenset({"relcl", "acl", "appos", "punct", "cc", "conj", "advmod", "nummod", "det", "prep", "case"})


def name_before(verb: Token) -> Token:
    """The word before ``verb``, past commas and a relative clause of the name before it."""
    doc, i = verb.doc, verb.i - 1
    while i > verb.sent.start and doc[i].is_punct:
        i -= 1
    clause = next((a for a in (doc[i], *doc[i].ancestors) if a.dep_ == "relcl" and a.i < verb.i), None)
    return clause.head if clause is not None and clause.head.i < clause.i else doc[i]


def is_person_like(head: Token) -> bool:
    return head.ent_type_ == "PERSON" or any(t.ent_type_ == "PERSON" for t in head.children if t.dep_ == "compound")


def person_tokens(head: Token) -> list[Token]:
    """The tokens of a person's name ending at ``head``, titles dropped ("Mr. Shami" → Shami)."""
    tokens = [head]
    i = head.i - 1
    while i >= head.sent.start and head.doc[i].ent_type_ == "PERSON" and head.doc[i].ent_iob_ != "O":
        tokens.insert(0, head.doc[i])
        if head.doc[i].ent_iob_ == "B":
            break
        i -= 1
    return [t for t in tokens if t.lower_.rstrip(".") not in ("mr", "mrs", "ms", "dr", "colonel", "col", "gen")]


def noun_phrase(head: Token) -> str:
    """The noun phrase of ``head`` without relative clauses, appositions and numbers."""
    keep = [head]
    stack = [
        c
        for c in head.children
        if (c.dep_ not in _DROP_DEPS and c.i < head.i and not _run_by(c)) or _in_a_name(head, c)
    ]
    while stack:
        tok = stack.pop()
        keep.append(tok)
        stack.extend(c for c in tok.children if c.dep_ not in _DROP_DEPS or _in_a_name(tok, c))
    keep.sort(key=lambda t: t.i)
    keep = _named_after_description(keep, head)
    return join_tokens([t for t in keep if t.pos_ not in ("NUM", "DET") and (t.pos_ != "PUNCT" or _inside_word(t))])


def _named_after_description(tokens: list[Token], head: Token) -> list[Token]:
    """ "risk analysis firm SBM Intelligence", "medical charity Doctors Without Borders", "state
    news agency SANA": what the source is, in common words, then its name; the name is the
    source's (the description says what kind it is)."""
    if not _capitalised(head):
        return tokens
    first = next((i for i, t in enumerate(tokens) if _capitalised(t)), None)
    described = tokens[:first] if first else []
    if described and all(t.text[:1].islower() and t.pos_ in ("NOUN", "ADJ", "DET") for t in described):
        return tokens[first:]
    return tokens


_RUN_BY = frozenset(["run", "lead", "led", "back", "base", "affiliate", "link", "control", "ally", "align", "sponsor"])


def _run_by(tok: Token) -> bool:
    """ "Houthi-run", "Taliban-led", "Iran-backed": who runs a source is not the source
    ("the Houthi-run health ministry" is a ministry)."""
    return tok.tag_ == "VBN" and tok.lemma_.lower() in _RUN_BY and tok.dep_ in ("amod", "compound")


def join_tokens(tokens: list[Token] | Span) -> str:
    """Tokens as the text has them: "Al-Masirah TV", "Mowa Baeki-Telly", not "Al - Masirah"."""
    tokens = list(tokens)
    out = ""
    for tok, after in zip(tokens, [*tokens[1:], None][: len(tokens)], strict=True):
        out += tok.text + (tok.whitespace_ if after is not None and after.i == tok.i + 1 else " ")
    return out.strip()


def _inside_word(tok: Token) -> bool:
    """A hyphen or apostrophe inside a name ("Al-Masirah", "al-Sham"), not a phrase's comma."""
    return tok.text in ("-", "'", "’") and not tok.whitespace_ and tok.i > 0 and not tok.nbor(-1).whitespace_


def _capitalised(tok: Token) -> bool:
    """A capital letter not owed to the start of a sentence: a word of a name."""
    return tok.text[:1].isupper() and tok.i != tok.sent.start


def _in_a_name(tok: Token, child: Token) -> bool:
    """ "the Jammu and Kashmir police": a conjunction inside a place's or body's name; "Doctors
    Without Borders": a capitalised preposition inside one."""
    if _capitalised(tok) and child.dep_ == "prep" and _capitalised(child) and child.i == tok.i + 1:
        return True
    return tok.pos_ == "PROPN" and child.dep_ in ("cc", "conj") and child.i > tok.i and child.i < tok.head.i


def clean_name(phrase: str) -> str:
    words = [w for w in phrase.split() if w.lower() not in ("the", "a", "an", "two", "some", "several")]
    text = " ".join(words).strip(" ,.;:-–—'\"“”")
    return text[:1].upper() + text[1:] if text else ""
