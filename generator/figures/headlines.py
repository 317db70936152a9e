"""Reading a headline written in title case ("13 Soldiers Killed in Bus Ambush").

The English model learnt its parse from sentences in sentence case: in title case it
takes every capitalised word for a name, and a count's noun and verb are lost
("Twelve Police Officers Wounded in …" yields no figure). A title-case headline is
therefore parsed as a copy in sentence case: every word keeps its capital only if it
is a name, which the article's own text shows — written with a capital in the middle
of a sentence there, and never in lower case. The copy has the same length as the
headline, so every offset read from its parse is an offset into the stored text.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MIDDLE = re.compile(r"(?<=[^\s.!?:\"“‘'])\s+([^\W\d_][\w'’-]*)")
_LONG = 4
"""Title case is judged by words of this length or more: short ones ("in", "at", "of")
are left in lower case by many newsrooms' title case."""


def is_title_case(text: str) -> bool:
    """Are (nearly) all the longer words after the first capitalised, as in a title-case
    headline, not a sentence-case one ("Kabul blast: suicide bomber kills 19")?"""
    words = [w for w in _WORD.findall(text)[1:] if len(w) >= _LONG]
    capitalised = sum(1 for w in words if w[0].isupper())
    return len(words) >= 2 and capitalised >= 0.75 * len(words)


def sentence_cased(headline: str, body: str) -> str:
    """``headline`` in sentence case, of the same length: its first word, its acronyms
    ("UN", "ISWAP") and the names the body writes with a capital ("Kaduna", "Lake
    Chad") keep their capitals; other words are lowered ("Soldiers Killed" → "soldiers
    killed")."""
    names = _names_in(body)
    first = len(headline) - len(headline.lstrip())
    out = list(headline)
    for match in _WORD.finditer(headline):
        word = match.group()
        if match.start() == first or not word[0].isupper() or _keeps_capital(word, names):
            continue
        lowered = word[0].lower()
        if len(lowered) == 1:
            out[match.start()] = lowered
    return "".join(out)


def _keeps_capital(word: str, names: frozenset[str]) -> bool:
    """Acronyms ("UN"), words with inner capitals ("McDonald", "al-Shabaab") and names."""
    return any(c.isupper() for c in word[1:]) or word in names


def _names_in(body: str) -> frozenset[str]:
    """Words the body writes with a capital in the middle of a sentence and never in
    lower case: the names of its places, people and organisations."""
    lower = {w for w in _WORD.findall(body) if w[0].islower()}
    capital = {w for w in _MIDDLE.findall(body) if w[0].isupper()}
    return frozenset(w for w in capital if w[0].lower() + w[1:] not in lower)
