"""The countries a text names, by name or nationality, and where: "NIAMEY, Niger (AP) —
Burkinabe troops" names Niger and Burkina Faso. An article is about the countries it names
most; a town resolves in them.
"""

from __future__ import annotations

import re

from ..aliases import AliasTable, fold

_CAPITALISED = re.compile(r"[A-Z](?<![\w'’-].)[\w'’-]*")
"""A word that starts with a capital: the letter before it is looked at after the capital, so
that the search skips from capital to capital (a text has few) instead of testing every letter."""
_RUN = re.compile(r"[\w'’-]+(?:[ \t]+[\w'’-]+){0,6}")
_PARTS = frozenset(["State", "Delta", "River", "Basin", "Province", "Region", "Valley"])
_NAMED_AFTER = re.compile(r"\b(?:Lake|Mount|Gulf of|Bay of|Sea of|Horn of)\s+$")
"""Before a country's name, words that make it part of another name: "Lake Chad", "the Gulf of Guinea"."""


class CountryNames:
    """Every country's name as news capitalises it, its short names ("US", "DR Congo") and its
    people's ("Iraqi"), with the country each one names; and for each word one starts with, the
    most words such a name has."""

    def __init__(self, countries: dict[str, tuple], aliases: AliasTable) -> None:
        """``countries``: GeoNames' countries, by folded name (as the gazetteer keeps them)."""
        of_word: dict[str, str] = {}
        for plain in countries.values():
            of_word.setdefault(plain[0], plain[0])
        for word in ("US", "USA", "UK", "Britain", "DRC", "DR Congo", "Congo", "Ivory Coast", "Burma"):
            found = countries.get(fold(word))
            if found:
                of_word.setdefault(word, found[0])
        for demonym, country in aliases.demonyms:
            of_word.setdefault(demonym, country)
        longest: dict[str, int] = {}
        for name in of_word:
            words = name.split()
            longest[words[0]] = max(longest.get(words[0], 0), len(words))
        self.of_word, self.longest = of_word, longest
        self.starts = frozenset(w + s for w in longest for s in ("", "'s", "’s"))
        """The words that start a name, as written alone or with a possessive ("Ukraine's")."""

    def find(self, text: str) -> list[tuple[int, str]]:
        """The countries ``text`` names, each with its offset. A capitalised word that starts a
        country's name or nationality starts the longest one that runs from it, unless that is
        part of a longer name ("Niger State", "the Niger Delta", "the Congo River", "Lake Chad")."""
        of_word, longest = self.of_word, self.longest
        found: list[tuple[int, str]] = []
        taken = 0
        # Most capitalised words start no country's name: told at once.
        for m in [m for m in _CAPITALISED.finditer(text) if m.group() in self.starts]:
            word = m.group()
            most = longest.get(word)
            if most is None and word[-2:] in ("'s", "’s"):
                most = longest.get(word[:-2])  # "Ukraine's"
            if not most:
                continue
            start = m.start()
            if start < taken or _NAMED_AFTER.search(text, max(0, start - 12), start):
                continue
            run = _RUN.match(text, start).group()  # the words up to a punctuation mark
            words = run.split()
            for size in range(min(most, len(words)), 0, -1):
                name = " ".join(words[:size])
                country = of_word.get(name)
                if country is None and name[-2:] in ("'s", "’s"):
                    country = of_word.get(name[:-2])  # "Ukraine's"
                if country is not None:
                    if size == len(words) or words[size] not in _PARTS:
                        found.append((start, country))
                    taken = start + len(run) - len(" ".join(words[size:])) if size < len(words) else start + len(run)
                    break
        return found
