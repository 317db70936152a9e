"""A headline in title case is parsed as a copy in sentence case (no model needed):
common words lose their capitals, names the article writes with one keep them, and
the copy has the headline's length so that offsets into it are offsets into the text."""

from __future__ import annotations

import pytest

from generator.figures.headlines import is_title_case, sentence_cased

BODY = (
    "Seven soldiers were killed on Saturday when remnants of the Shining Path ambushed an army "
    "patrol near Llochegua, in Peru's Vraem valley, the army said. Soldiers returned fire."
)


def test_common_words_are_lowered_and_names_from_the_body_kept():
    headline = "Shining Path Remnants Kill Seven Soldiers in Peru's Vraem Valley"
    cased = sentence_cased(headline, BODY)
    assert cased == "Shining Path remnants kill seven soldiers in Peru's Vraem valley"
    assert len(cased) == len(headline)


def test_a_word_the_body_also_writes_in_lower_case_is_no_name():
    # "Soldiers" opens a sentence of the body, but "soldiers" is there too.
    assert sentence_cased("Army Says Soldiers Ambushed", BODY) == "Army says soldiers ambushed"


def test_the_first_word_and_acronyms_keep_their_capitals():
    assert sentence_cased("UN Says ISWAP Fighters Killed 12", BODY) == "UN says ISWAP fighters killed 12"


@pytest.mark.parametrize(
    ("headline", "title_case"),
    [
        ("Shining Path Remnants Kill Seven Soldiers in Peru's Vraem Valley", True),
        ("13 Soldiers Killed in Bus Ambush", True),
        ("Kabul blast: suicide bomber kills 19, mostly women, at education centre", False),
        ("Seven soldiers killed in Peru", False),
    ],
)
def test_title_case_is_told_from_sentence_case(headline, title_case):
    assert is_title_case(headline) is title_case
