"""An incident in one paragraph a reader can quote, written from its reconciled figures.

"Reported tolls of security forces killed rose from at least 23 (SOHR, 21 Jan) to 28
(SOHR, 22 Jan); the SDF gave 7." Each sentence tells one count's story across the reports
of independent sources — rising, falling, steady, or disputed — then what a party to the
fight claimed when it differs. Plain text: the templates escape it like any other value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence

from ..incidents.confidence import outlet_of, source_of
from ..models import TOLL_CATEGORIES, Article, Claim, KeyFigure
from .wording import MONTHS, counts_words, figure_text

SUMMARY_FIGURES = 3
"""How many counts the summary tells: the first tolls (killed first), else the first figures."""
PARTY_CLAIMS = 2
"""How many parties' differing claims a sentence adds."""


def date_text(day: dt.date | None, year: int | None = None) -> str:
    """``21 Jan``, with the year when it is not ``year`` (the incident's): ``3 Jan 2023``."""
    if day is None:
        return "undated"
    text = f"{day.day} {MONTHS[day.month - 1]}"
    return text if day.year == year else f"{text} {day.year}"


class Summary:
    """Writes summaries for one briefing: who a source is, and when each report appeared."""

    def __init__(self, articles: Mapping[str, Article], short_names: Mapping[str, str]) -> None:
        self.articles = articles
        self.short_names = short_names

    def source(self, claim: Claim) -> str:
        """Who gives a claim, as a reader quotes it: "SOHR", "Kurdish officials", the outlet."""
        if claim.claimant:
            name = source_of(claim)
            return self.short_names.get(name, name)
        outlet = outlet_of(self.articles.get(claim.article), claim.article)
        return "unattributed" if outlet.startswith("article:") else outlet

    def when(self, claim: Claim) -> dt.date | None:
        article = self.articles.get(claim.article)
        return article.published if article else None

    def __call__(self, figures: Sequence[KeyFigure], year: int | None = None, reports: int = 0) -> str:
        """The paragraph for an incident's key figures (in page order) and how many reports it has."""
        tolls = [f for f in figures if f.category in TOLL_CATEGORIES]
        told = (tolls or list(figures))[:SUMMARY_FIGURES]
        sentences = [self.figure(f, year) for f in told]
        if not sentences:
            sentences.append("No figure about people has been reported")
        more = len(figures) - len(told)
        if more:
            sentences.append(f"{more} more count{'s' if more > 1 else ''} below")
        if reports:
            sentences.append(f"{reports} report{'s' if reports > 1 else ''} in all")
        return ". ".join(s[0].upper() + s[1:] for s in sentences) + "."

    def figure(self, figure: KeyFigure, year: int | None = None) -> str:
        """One count's sentence (no final stop)."""
        what = counts_words(figure.category, figure.group).lower()
        parties = set(figure.confidence.parties) if figure.confidence else set()
        numbered = [c for c in figure.claims if c.value is not None]
        independent = [c for c in numbered if source_of(c) not in parties or not c.claimant]
        party_claims = [c for c in numbered if c.claimant and source_of(c) in parties]

        def cite(claim: Claim) -> str:
            return f"{_inline(figure_text(claim))} ({self.source(claim)}, {date_text(self.when(claim), year)})"

        def on(claim: Claim) -> str:
            return f"{date_text(self.when(claim), year)} ({self.source(claim)})"

        disputed = set(figure.confidence.disputed) if figure.confidence else set()
        latest = self._latest_of_each(c for c in independent if self._source_key(c) in disputed)
        if figure.confidence is not None and figure.confidence.grade == "contested" and len(latest) > 1:
            gives = [f"{self._who(c)} gave {_inline(figure_text(c))} ({date_text(self.when(c), year)})" for c in latest]
            text = f"sources disagree on the number of {what}: " + ", ".join(gives)
            last = None
        elif not independent:
            latest = self._latest_of_each(party_claims)
            return f"{what}: " + "; ".join(f"{cite(c)}, a party to the fight" for c in latest)
        else:
            first, last = self._first(independent), self._last(independent)
            if first is last or self.when(first) == self.when(last):
                text = f"{what}: {cite(last)}"
            elif last.value == first.value:
                text = f"reported tolls of {what} held at {last.value:,} from {on(first)} to {on(last)}"
            else:
                moved = "rose" if (last.value or 0) > (first.value or 0) else "fell"
                text = f"reported tolls of {what} {moved} from {cite(first)} to {cite(last)}"
        differing = [c for c in self._latest_of_each(party_claims) if last is None or c.value != last.value]
        for claim in differing[:PARTY_CLAIMS]:
            text += f"; {self._the(self.source(claim))} gave {_inline(figure_text(claim))}"
        return text

    def _who(self, claim: Claim) -> str:
        """A source as the subject of a sentence: "SOHR", "an unattributed report"."""
        source = self.source(claim)
        return "an unattributed report" if source == "unattributed" else source

    def _source_key(self, claim: Claim) -> str:
        return source_of(claim) if claim.claimant else outlet_of(self.articles.get(claim.article), claim.article)

    def _order(self, claim: Claim) -> tuple:
        when = self.when(claim)
        return (when is None, when or dt.date.min)

    def _first(self, claims: Sequence[Claim]) -> Claim:
        """The oldest dated report's first figure (claims come oldest report first)."""
        return min(claims, key=self._order)

    def _last(self, claims: Sequence[Claim]) -> Claim:
        """The newest dated report's highest figure: the best estimate, as reconciling reads it."""
        dated = [c for c in claims if self.when(c) is not None] or list(claims)
        newest = max(self._order(c) for c in dated)
        same_day = [c for c in dated if self._order(c) == newest]
        return max(reversed(same_day), key=lambda c: c.value or 0)

    def _latest_of_each(self, claims: Iterable[Claim]) -> list[Claim]:
        """Each source's newest figure, sources in the order they first reported."""
        latest: dict[str, Claim] = {}
        for claim in sorted(claims, key=self._order):
            latest[self._source_key(claim)] = claim
        return list(latest.values())

    @staticmethod
    def _the(source: str) -> str:
        """The SDF, "the UN": an abbreviation takes "the", as news writes it; a name stays bare."""
        return f"the {source}" if source.isupper() else source


def _inline(words: str) -> str:
    """A figure as written, put inside a sentence: "Seven" at the start of its own becomes
    "seven"; "ISIS" or "UN" stay as they are."""
    return words[0].lower() + words[1:] if words[:1].isupper() and words[1:2].islower() else words
