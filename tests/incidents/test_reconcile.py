"""Key figures: the range the sources span, the best estimate and the latest report."""

from __future__ import annotations

import datetime as dt

from generator.incidents.key_figures import reconcile
from generator.models import Article, Claim, Incident

INCIDENT = Incident(id="2022-01-20-x-attack", title="Attack", date=dt.date(2022, 1, 20), country="Syria",
                    location="X", kind="attack", articles=("a", "b", "c"))  # fmt: skip


def article(article_id: str, day: int | None) -> Article:
    published = dt.date(2022, 1, day) if day else None
    return Article(id=article_id, path=f"{article_id}.txt", text="", title=article_id, published=published)


def claim(article_id: str, value: int, claimant: str | None, qualifier: str = "exact", start: int = 0) -> Claim:
    return Claim(article=article_id, category="killed", group="security_forces", value=value, low=value,
                 high=value, qualifier=qualifier, claimant=claimant, quote="", start=start, end=start + 2,
                 incident=INCIDENT.id)  # fmt: skip


def test_toll_rising_across_reports_is_best_read_at_the_newest_and_is_no_conflict():
    articles = [article("a", 21), article("b", 22)]
    claims = [claim("a", 20, "Monitor", "at_least"), claim("b", 28, "Monitor")]
    (figure,) = reconcile([INCIDENT], claims, articles)
    assert (figure.low, figure.best, figure.high) == (20, 28, 28)
    assert figure.latest.value == 28
    assert not figure.conflict


def test_sources_giving_incompatible_figures_on_the_same_day_conflict():
    articles = [article("a", 22), article("b", 22)]
    claims = [claim("a", 5, "Kurdish officials"), claim("b", 28, "Monitor")]
    (figure,) = reconcile([INCIDENT], claims, articles)
    assert figure.conflict
    assert (figure.low, figure.high) == (5, 28)


def test_a_spokesman_and_his_organisation_are_one_source():
    articles = [article("a", 22), article("b", 22)]
    claims = [claim("a", 20, "Monitor (Its Head)"), claim("b", 28, "Monitor")]
    assert not reconcile([INCIDENT], claims, articles)[0].conflict


def test_an_armed_groups_claim_of_its_own_kills_is_not_the_best_estimate():
    articles = [article("a", 21), article("b", 22)]
    claims = [claim("a", 71, "Defence ministry"), claim("b", 100, "Islamic State West Africa Province", "at_least")]
    (figure,) = reconcile([INCIDENT], claims, articles)
    assert figure.best == 71
    assert figure.high == 100


def test_an_undated_report_does_not_count_as_the_latest():
    articles = [article("a", 21), article("b", None)]
    claims = [claim("a", 11, "Army"), claim("b", 12, "Army", "at_most")]
    (figure,) = reconcile([INCIDENT], claims, articles)
    assert figure.latest.article == "a"
    assert figure.best == 11
