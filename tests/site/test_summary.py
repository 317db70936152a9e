"""The incident summary: one paragraph a reader can quote, right for rising, falling,
steady and disputed tolls, and for a figure only a party to the fight gives."""

from __future__ import annotations

import datetime as dt

from generator.aliases import load_aliases
from generator.incidents import grade_figures, reconcile, source_names
from generator.models import Article, Claim, Incident
from generator.site.summary import Summary, date_text

INCIDENT = Incident(id="2024-05-02-bama-attack", title="Attack in Bama, Nigeria", date=dt.date(2024, 5, 2),
                    country="Nigeria", location="Bama", kind="attack", articles=("a", "b", "c"))  # fmt: skip


def article(article_id: str, day: int, publisher: str | None = None) -> Article:
    return Article(id=article_id, path=f"{article_id}.txt", text="", title=article_id,
                   published=dt.date(2024, 5, day), publisher=publisher)  # fmt: skip


def claim(article_id: str, words: str, value: int, claimant: str | None, qualifier: str = "exact",
          group: str = "civilians", category: str = "killed", start: int = 0) -> Claim:  # fmt: skip
    return Claim(article=article_id, category=category, group=group, value=value, low=value,
                 high=None if qualifier == "at_least" else value, qualifier=qualifier, claimant=claimant,
                 quote="", start=start, end=start + 2, number_text=words, incident=INCIDENT.id)  # fmt: skip


def summary(claims: list[Claim], articles: list[Article]) -> str:
    aliases = load_aliases()
    figures = grade_figures(reconcile([INCIDENT], claims, articles, aliases), articles, aliases)
    write = Summary({a.id: a for a in articles}, dict(source_names(claims, aliases)))
    return write(figures, year=2024, reports=len(articles))


def test_a_rising_toll_reads_from_the_first_report_to_the_newest_and_names_the_partys_own_figure():
    articles = [article("a", 3), article("b", 4), article("c", 4)]
    claims = [
        claim("a", "at least 23", 23, "Syrian Observatory for Human Rights", "at_least", "security_forces"),
        claim("b", "28", 28, "Syrian Observatory for Human Rights (Rami Abdel Rahman)", group="security_forces"),
        claim("c", "Seven", 7, "Syrian Democratic Forces", group="security_forces"),
    ]
    assert summary(claims, articles) == (
        "Reported tolls of security forces killed rose from at least 23 (SOHR, 3 May) to 28 (SOHR, 4 May); "
        "the SDF gave seven. 3 reports in all."
    )


def test_a_falling_toll_says_it_fell():
    articles = [article("a", 3, "Daily Trust"), article("b", 5, "Daily Trust")]
    claims = [claim("a", "about 60", 60, "Borno police", "approx"), claim("b", "41", 41, "Borno police")]
    assert summary(claims, articles).startswith(
        "Reported tolls of civilians killed fell from about 60 (Borno police, 3 May) to 41 (Borno police, 5 May)."
    )


def test_sources_that_cannot_both_be_right_are_set_side_by_side_not_as_a_trend():
    articles = [article("a", 4), article("b", 4)]
    claims = [claim("a", "12", 12, "Borno police"), claim("b", "at least 40", 40, "Amnesty International", "at_least")]
    assert summary(claims, articles).startswith(
        "Sources disagree on the number of civilians killed: Borno police gave 12 (4 May), "
        "Amnesty International gave at least 40 (4 May)."
    )


def test_a_steady_toll_says_it_held_from_the_first_report_to_the_last():
    articles = [article("a", 3, "Premium Times"), article("b", 6, "Daily Trust")]
    claims = [claim("a", "nine", 9, None), claim("b", "9", 9, "Borno police")]
    assert summary(claims, articles).startswith(
        "Reported tolls of civilians killed held at 9 from 3 May (Premium Times) to 6 May (Borno police)."
    )


def test_one_report_gives_its_figure_source_and_day():
    articles = [article("a", 3)]
    text = summary([claim("a", "Eleven", 11, "Borno police", group="security_forces")], articles)
    assert text == "Security forces killed: eleven (Borno police, 3 May). 1 report in all."


def test_a_figure_only_a_party_gives_says_so():
    articles = [article("a", 3)]
    claims = [claim("a", "more than 100", 100, "Islamic State West Africa Province", "at_least", "security_forces")]
    assert summary(claims, articles).startswith(
        "Security forces killed: more than 100 (ISWAP, 3 May), a party to the fight."
    )


def test_tolls_lead_and_the_other_counts_are_only_numbered():
    articles = [article("a", 3)]
    claims = [
        claim("a", "300", 300, "Borno police", category="displaced"),
        claim("a", "4", 4, "Borno police", start=5),
        claim("a", "2", 2, "Borno police", category="abducted", start=9),
    ]
    text = summary(claims, articles)
    assert text.startswith("Civilians killed: 4 (Borno police, 3 May). Civilians abducted: 2")
    assert "1 more count below" in text and "300" not in text


def test_dates_carry_the_year_only_when_it_is_not_the_incidents():
    assert date_text(dt.date(2024, 5, 3), 2024) == "3 May"
    assert date_text(dt.date(2025, 1, 2), 2024) == "2 Jan 2025"
    assert date_text(None, 2024) == "undated"
