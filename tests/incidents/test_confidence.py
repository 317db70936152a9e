"""Confidence grades: who gives a figure, and whether they agree within their hedges."""

from __future__ import annotations

import datetime as dt

from generator.aliases import load_aliases
from generator.incidents import grade_figures, incident_confidence, reconcile, source_names
from generator.models import Article, Claim, Incident

INCIDENT = Incident(id="2023-03-04-kafanchan-attack", title="Attack in Kafanchan, Nigeria", date=dt.date(2023, 3, 4),
                    country="Nigeria", location="Kafanchan", kind="attack", articles=("a", "b", "c"))  # fmt: skip


def article(article_id: str, day: int | None, publisher: str | None = None) -> Article:
    published = dt.date(2023, 3, day) if day else None
    return Article(id=article_id, path=f"{article_id}.txt", text="", title=article_id, published=published,
                   publisher=publisher)  # fmt: skip


def claim(article_id: str, value: int, claimant: str | None, qualifier: str = "exact", *, group: str = "civilians",
          category: str = "killed", start: int = 0) -> Claim:  # fmt: skip
    return Claim(article=article_id, category=category, group=group, value=value, low=value,
                 high=None if qualifier == "at_least" else value, qualifier=qualifier, claimant=claimant,
                 quote="", start=start, end=start + 2, incident=INCIDENT.id)  # fmt: skip


def graded(claims, articles):
    return grade_figures(reconcile([INCIDENT], claims, articles), articles)


def test_one_monitor_alone_is_a_single_source():
    articles = [article("a", 5), article("b", 6)]
    (figure,) = graded([claim("a", 12, "Amnesty International"), claim("b", 15, "Amnesty International")], articles)
    assert figure.confidence.grade == "single_source"
    assert figure.confidence.sources == ("Amnesty International",)


def test_two_sources_whose_hedged_figures_can_both_be_true_corroborate():
    articles = [article("a", 5), article("b", 5)]
    claims = [claim("a", 30, "Red Cross", "at_least"), claim("b", 34, "state police")]
    (figure,) = graded(claims, articles)
    assert figure.confidence.grade == "corroborated"
    assert figure.confidence.sources == ("Red Cross", "state police")


def test_a_toll_that_rises_from_one_source_to_another_is_no_disagreement():
    articles = [article("a", 5), article("b", 7)]
    (figure,) = graded([claim("a", 12, "state police"), claim("b", 40, "Red Cross")], articles)
    assert figure.confidence.grade == "corroborated"


def test_sources_whose_figures_cannot_both_be_true_on_one_day_contest_it():
    articles = [article("a", 5), article("b", 5)]
    (figure,) = graded([claim("a", 12, "state police"), claim("b", 40, "Red Cross")], articles)
    assert figure.confidence.grade == "contested"
    assert figure.confidence.disputed == ("Red Cross", "state police")


def test_a_later_report_below_what_an_earlier_one_allowed_contests_it():
    articles = [article("a", 5), article("b", 8)]
    (figure,) = graded([claim("a", 40, "Red Cross", "at_least"), claim("b", 9, "state police")], articles)
    assert figure.confidence.grade == "contested"


def test_a_source_revising_its_own_figure_down_does_not_contest_itself():
    articles = [article("a", 5), article("b", 8)]
    (figure,) = graded([claim("a", 40, "Red Cross"), claim("b", 31, "Red Cross")], articles)
    assert figure.confidence.grade == "single_source"


def test_a_figure_only_an_armed_group_gives_is_a_party_claim():
    articles = [article("a", 5), article("b", 6)]
    claims = [claim("a", 100, "Boko Haram", "at_least", group="security_forces"),
              claim("b", 120, "Islamic State West Africa Province", group="security_forces")]  # fmt: skip
    (figure,) = graded(claims, articles)
    assert figure.confidence.grade == "party_claim"
    assert figure.confidence.parties == ("Boko Haram", "Islamic State West Africa Province")


def test_a_partys_claim_neither_corroborates_nor_contests_an_independent_source():
    articles = [article("a", 5), article("b", 5)]
    claims = [claim("a", 28, "Amnesty International"), claim("b", 7, "Syrian Democratic Forces (a spokesman)")]
    (figure,) = graded(claims, articles)
    assert figure.confidence.grade == "single_source"
    assert figure.confidence.parties == ("Syrian Democratic Forces",)


def test_an_unattributed_figure_counts_as_its_outlets_report():
    articles = [article("a", 5, "Daily Trust"), article("b", 5, "Premium Times")]
    (figure,) = graded([claim("a", 17, None), claim("b", 17, None)], articles)
    assert figure.confidence.grade == "corroborated"
    assert figure.confidence.sources == ("Daily Trust", "Premium Times")


def test_an_unattributed_figure_beside_an_attributed_one_only_repeats_it():
    articles = [article("a", 5, "Daily Trust")]
    claims = [claim("a", 17, None, "at_most"), claim("a", 16, "state police", start=10)]
    (figure,) = graded(claims, articles)
    assert figure.confidence.grade == "single_source"
    assert figure.confidence.sources == ("state police",)


def test_an_incident_is_graded_by_its_first_toll_and_contested_by_any():
    articles = [article("a", 5), article("b", 5)]
    claims = [claim("a", 12, "Red Cross"), claim("b", 12, "state police"),
              claim("a", 3, "Red Cross", category="injured", start=5),
              claim("b", 30, "state police", category="injured", start=5)]  # fmt: skip
    figures = graded(claims, articles)
    assert [f.confidence.grade for f in figures] == ["corroborated", "contested"]
    assert incident_confidence(figures).grade == "contested"
    assert incident_confidence(figures[:1]).grade == "corroborated"
    assert incident_confidence(()) is None


def test_sources_with_an_abbreviation_get_their_short_name():
    claims = [claim("a", 5, "Syrian Observatory for Human Rights (Rami Abdel Rahman)"), claim("a", 5, "Red Cross")]
    assert source_names(claims, load_aliases()) == (("Syrian Observatory for Human Rights", "SOHR"),)
