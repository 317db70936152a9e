"""Reading counts as news writes them: "3,500", "twenty-three", "nearly a dozen",
"between 20 and 30", "dozens". Works on plain token texts so that it can be
tested without a model; ``nlp`` wraps it as a spaCy component.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .patterns import fraction_words, hedges_after, hedges_before, number_words, scale_words, vague_amounts

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")
_ARTICLES = {"a", "an"}
_JOINERS = ("-", "–")
_RANGE_WORDS = ("to", "and", "or", "-", "–")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count found in a run of tokens: where it stands and what it allows."""

    start: int
    """Index of the first token of the whole expression, hedge included."""
    end: int
    """Index just past the last token of the expression."""
    num_start: int
    """Index of the first token of the number itself (after the hedge)."""
    num_end: int
    value: int | None
    low: int | None
    high: int | None
    qualifier: str
    vague: bool = False


def _word_value(words: Sequence[str]) -> int | None:
    """The value of a run of number words ("two hundred and fifty", "two dozen"), or None."""
    total, current, seen = 0, 0, False
    for w in words:
        if w in _JOINERS or w == "and":
            continue
        if w in number_words():
            current += number_words()[w]
            seen = True
        elif w in scale_words():
            current = max(current, 1) * scale_words()[w]
            if scale_words()[w] >= 1000:
                total, current = total + current, 0
            seen = True
        elif _DECIMAL.match(w) and not seen:
            current = float(w)  # type: ignore[assignment]
            seen = True
        else:
            return None
    return int(total + current) if seen else None


def _is_number_token(text: str) -> bool:
    low = text.lower()
    return bool(_DIGITS.match(text)) or low in number_words() or low in scale_words()


def _skip_joiners(low: Sequence[str], k: int, also: tuple[str, ...] = ()) -> int:
    while k < len(low) and (low[k] in _JOINERS or low[k] in also):
        k += 1
    return k


def _fraction_of_scale(low: Sequence[str], k: int) -> tuple[int, float] | None:
    """ "[a] half [-] [a] dozen", "a quarter of a million": the end index and the fraction
    of the scale word, read from ``k`` (the optional article or the fraction word)."""
    if k < len(low) and low[k] in _ARTICLES:
        k = _skip_joiners(low, k + 1)
    if k >= len(low) or low[k] not in fraction_words():
        return None
    part = fraction_words()[low[k]]
    k = _skip_joiners(low, k + 1, also=("of", "a", "an"))
    if k < len(low) and low[k] in scale_words():
        return k + 1, part * scale_words()[low[k]]
    return None


def _number_at(words: Sequence[str], i: int, low: Sequence[str]) -> tuple[int, int | None] | None:
    """Read a number starting at token i; return (end index, value). ``low`` is ``words``
    in lower case, made once per sentence by the caller (not once per token)."""
    n = len(words)
    fraction = _fraction_of_scale(low, i)
    if fraction is not None:
        # "half a dozen", "a half-dozen", "a quarter of a million"
        return fraction[0], int(fraction[1])
    j = i
    if low[i] in _ARTICLES and i + 1 < n and low[i + 1] in scale_words():
        j = i + 1
    elif _DIGITS.match(words[i]) or (_DECIMAL.match(words[i]) and i + 1 < n and low[i + 1] in scale_words()):
        if _DIGITS.match(words[i]):
            value = int(words[i].replace(",", ""))
            if i + 1 < n and low[i + 1] in scale_words():
                return i + 2, value * scale_words()[low[i + 1]]
            return i + 1, value
        return i + 2, int(float(words[i]) * scale_words()[low[i + 1]])
    elif low[i] not in number_words() and low[i] not in scale_words():
        return None
    run = [low[j]]
    k = j + 1
    while k < n:
        w = low[k]
        if w in number_words() or w in scale_words():
            run.append(w)
            k += 1
        elif (
            (w in _JOINERS or w == "and")
            and k + 1 < n
            and _is_number_token(words[k + 1])
            and not _DIGITS.match(words[k + 1])
        ):
            # "twenty-three", "two-hundred", "one hundred and fifty" — but not "11 and 16"
            if w == "and" and run[-1] not in scale_words():
                break
            run.append(w)
            k += 1
        else:
            break
    value = _word_value(run)
    if value is None:
        return None
    and_a_half = _skip_joiners(low, k)
    if and_a_half < n and low[and_a_half] == "and" and not any(w in scale_words() for w in run):
        fraction = _fraction_of_scale(low, _skip_joiners(low, and_a_half + 1))
        if fraction is not None:
            # "one and a half million": the whole number and the fraction, of the scale word
            end, part = fraction
            scale = scale_words()[low[end - 1]]
            return end, int(value * scale + part)
    return k, value


def _hedge_before(words: Sequence[str], start: int) -> tuple[int, str]:
    """The hedge that ends just before ``start``: (its first index, qualifier)."""
    lowered = [w.lower() for w in words[max(0, start - 4) : start]]
    for phrase, qualifier in hedges_before().items():
        if tuple(lowered[-len(phrase) :]) == phrase and len(lowered) >= len(phrase):
            return start - len(phrase), qualifier
    return start, "exact"


def _hedge_after(words: Sequence[str], end: int) -> tuple[int, str | None]:
    following = tuple(w.lower() for w in words[end : end + 2])
    for phrase, qualifier in hedges_after().items():
        if following[: len(phrase)] == phrase:
            return end + len(phrase), qualifier
    return end, None


def bounds(value: int, qualifier: str) -> tuple[int | None, int | None]:
    """``low``/``high`` as the export states them for a hedged value."""
    if qualifier == "at_least":
        return value, None
    if qualifier == "at_most":
        return None, value
    return value, value


def find_quantities(words: Sequence[str]) -> list[Quantity]:
    """Every count in a sentence's tokens, with its hedge and bounds.

    >>> [q.value for q in find_quantities("killing more than a dozen soldiers".split())]
    [12]
    """
    found: list[Quantity] = []
    i, n = 0, len(words)
    lowered = [w.lower() for w in words]
    while i < n:
        low = words[i].lower()
        if low in ("several", "few", "many") and i + 1 < n and words[i + 1].lower() in scale_words():
            # "several hundred", "a few thousand": no value, but a floor
            floor = (3 if low != "few" else 2) * scale_words()[words[i + 1].lower()]
            found.append(Quantity(i, i + 2, i, i + 2, None, floor, None, "at_least", vague=True))
            i += 2
            continue
        if (
            low in ("tens", "hundreds")
            and i + 2 < n
            and words[i + 1].lower() == "of"
            and words[i + 2].lower()
            in (
                "thousands",
                "millions",
            )
        ):
            # "tens of thousands" (≥ 20,000), "hundreds of thousands" (≥ 200,000)
            scale = 1000 if words[i + 2].lower() == "thousands" else 1_000_000
            floor = vague_amounts()[low] * scale
            found.append(Quantity(i, i + 3, i, i + 3, None, floor, None, "at_least", vague=True))
            i += 3
            continue
        if low in vague_amounts() and not (low == "tens" and (i + 1 >= n or words[i + 1].lower() != "of")):
            floor = vague_amounts()[low]
            found.append(Quantity(i, i + 1, i, i + 1, None, floor, None, "at_least", vague=True))
            i += 1
            continue
        read = _number_at(words, i, lowered)
        if read is None:
            i += 1
            continue
        end, value = read
        assert value is not None
        hedge_start, qualifier = _hedge_before(words, i)
        # "between 20 and 30", "from five to seven", "20 to 30", "20-30", "five or six":
        # one count with both bounds.
        range_end = None
        opener = words[hedge_start - 1].lower() if hedge_start > 0 else ""
        if end + 1 < n and words[end].lower() in _RANGE_WORDS and (words[end].lower() != "and" or opener == "between"):
            second = _number_at(words, end + 1, lowered)
            if second and second[1] is not None and second[1] > value:
                range_end, high = second
        if range_end is not None:
            start = hedge_start - 1 if opener in ("between", "from") else hedge_start
            found.append(Quantity(start, range_end, i, range_end, value, value, high, "approx"))
            i = range_end
            continue
        after_end, after_q = _hedge_after(words, end)
        if after_q and qualifier == "exact":
            qualifier = after_q
        lo, hi = bounds(value, qualifier)
        found.append(Quantity(hedge_start, max(end, after_end), i, end, value, lo, hi, qualifier))
        i = end
    return found


def split_range(words: Sequence[str], q: Quantity) -> tuple[Quantity, Quantity]:
    """A range read as two counts, each exact: "the toll rose from 43 to 53" states
    the figure before and after, not a span of estimates."""
    read = _number_at(words, q.num_start, [w.lower() for w in words])
    assert read is not None and read[1] is not None and q.high is not None
    first_end, value = read
    start, qualifier = _hedge_before(words, q.num_start)
    low, high = bounds(value, qualifier)
    second = first_end + 1
    return (
        Quantity(start, first_end, q.num_start, first_end, value, low, high, qualifier),
        Quantity(second, q.end, second, q.num_end, q.high, q.high, q.high, "exact"),
    )
