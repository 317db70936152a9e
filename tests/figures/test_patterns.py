"""The extraction stage, told as what an analyst reads in an article: each way
news states a figure about people becomes one claim with the right category,
group, hedge and source, and numbers that do not count people give none.

Each pattern has one short invented article under ``tests/figures/data/``,
named after it; ``tests/figures/data/gold.yaml`` lists the claims expected in
all of them in the format of ``shared/eval/GOLD.md`` (check it with
``python ../shared/eval/check_gold.py tests/figures/data/gold.yaml tests/figures/data``).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.aliases import AliasTable, load_aliases
from generator.figures.extract import extract_article
from generator.figures.nlp import report_texts
from generator.models import Article, Briefing, Claim
from generator.read.files import read_article
from generator.site.export import export_data
from tests.conftest import SHARED

PATTERNS = Path(__file__).parent / "data"


def extract_file(path: Path, nlp, aliases: AliasTable) -> tuple[Article, tuple[Claim, ...]]:
    """Read one article file and extract its claims, as the pipeline does."""
    article = read_article(path)
    parsed = list(zip(article.report, map(nlp, report_texts(article)), strict=True))
    return article, extract_article(article, parsed, aliases).claims


@pytest.fixture(scope="module")
def extracted(nlp) -> Callable[[str], tuple[Article, tuple[Claim, ...]]]:
    """``extracted(name)``: the article ``tests/figures/data/<name>.txt`` and its claims."""
    aliases = load_aliases()
    cache: dict[str, tuple[Article, tuple[Claim, ...]]] = {}

    def run(name: str) -> tuple[Article, tuple[Claim, ...]]:
        if name not in cache:
            cache[name] = extract_file(PATTERNS / f"{name}.txt", nlp, aliases)
        return cache[name]

    return run


@pytest.fixture(scope="module")
def claims_of(extracted) -> Callable[[str], tuple[Claim, ...]]:
    """``claims_of(name)``: the claims of ``tests/figures/data/<name>.txt``."""
    return lambda name: extracted(name)[1]


def show(claims) -> str:
    return "\n".join(
        f"  {c.category}/{c.group} {c.value} ({c.qualifier}, low={c.low}, high={c.high}) "
        f"claimant={c.claimant!r} :: {c.number_text!r}"
        for c in claims
    )


def facts(claims) -> list[tuple]:
    """(category, group, value, qualifier) of each claim, in article order."""
    return [(c.category, c.group, c.value, c.qualifier) for c in claims]


def values(claims) -> list[int | None]:
    return [c.value for c in claims]


def claim_of(claims, value: int, *, everything=None) -> Claim:
    """The one claim of ``claims`` stating ``value``; fails listing ``everything``
    (by default ``claims``) otherwise."""
    found = [c for c in claims if c.value == value]
    assert len(found) == 1, f"expected one claim of {value}, got:\n{show(everything or claims)}"
    return found[0]


# ---------------------------------------------------------------- numbers


def test_digits_with_thousands_separators_are_read_whole(claims_of):
    claims = claims_of("digits_with_separators")
    assert [(c.category, c.value) for c in claims] == [("displaced", 12450), ("displaced", 1300)], show(claims)


def test_number_words_and_hyphenated_compounds(claims_of):
    claims = claims_of("number_words")
    expected = [("killed", 11), ("injured", 23), ("displaced", 100), ("displaced", 200)]
    assert [(c.category, c.value) for c in claims] == expected, show(claims)
    assert [c.number_text for c in claims] == ["Eleven", "twenty-three", "A hundred", "two-hundred"]


def test_a_dozen_is_twelve_and_nearly_a_dozen_is_at_most_twelve(claims_of):
    claims = claims_of("a_dozen")
    assert [(c.category, c.value, c.low, c.high, c.qualifier) for c in claims] == [
        ("abducted", 12, 12, 12, "exact"),
        ("killed", 12, None, 12, "at_most"),
    ], show(claims)


def test_range_between_x_and_y_is_one_claim_with_both_bounds(claims_of):
    claims = claims_of("number_range")
    killed = [c for c in claims if c.category == "killed"]
    assert [(c.group, c.value, c.low, c.high) for c in killed] == [("civilians", 20, 20, 30)], show(claims)


def test_range_x_to_y_is_one_claim_with_both_bounds(claims_of):
    claims = claims_of("number_range")
    fighters = [c for c in claims if c.category == "fighters"]
    assert [(c.group, c.value, c.low, c.high) for c in fighters] == [("militants", 40, 40, 50)], show(claims)


def test_multiples_of_a_dozen_multiply_it(claims_of):
    claims = claims_of("dozen_multiples")
    assert [(c.category, c.value, c.qualifier) for c in claims] == [
        ("killed", 24, "exact"),
        ("injured", 36, "at_most"),
    ], show(claims)


def test_fractions_of_a_dozen_and_of_a_million(claims_of):
    # Not in gold.yaml: the shared gold checker does not read fractions.
    claims = claims_of("fractions_of_a_dozen")
    assert [(c.category, c.value, c.number_text) for c in claims] == [
        ("injured", 6, "Half a dozen"),
        ("abducted", 6, "a half-dozen"),
        ("displaced", 500_000, "half a million"),
    ], show(claims)


def test_hundreds_written_in_words(claims_of):
    claims = claims_of("hundreds_in_words")
    assert [(c.category, c.value) for c in claims] == [("displaced", 1200), ("injured", 250)], show(claims)


def test_ranges_in_words_are_one_claim_with_both_bounds(claims_of):
    # GOLD.md: a range is one claim, valued at its lower end, approx, with both ends.
    claims = claims_of("ranges_in_words")
    assert [(c.category, c.value, c.low, c.high, c.qualifier) for c in claims] == [
        ("killed", 6, 6, 9, "approx"),
        ("fighters", 30, 30, 40, "approx"),
        ("injured", 2, 2, 3, "approx"),
    ], show(claims)


def test_a_toll_raised_from_x_to_y_is_two_figures_but_ranging_from_x_to_y_is_one(claims_of):
    claims = claims_of("toll_rose_from_to")
    assert [(c.category, c.value, c.low, c.high) for c in claims] == [
        ("killed", 9, 9, 9),
        ("killed", 14, 14, 14),
        ("injured", 30, 30, 30),
        ("injured", 37, 37, 37),
        ("killed", 15, 15, 20),
        ("killed", 16, 16, 16),
        ("killed", 14, 14, 14),  # "16 dead, up from 14 a day earlier"
    ], show(claims)


@pytest.mark.parametrize(
    ("name", "category", "value", "number"),
    [("headline_title_case", "killed", 7, "Seven"), ("headline_title_case_passive", "injured", 12, "Twelve")],
    ids=["remnants_kill_seven_soldiers", "twelve_police_officers_wounded"],
)
def test_title_case_headline_is_read_as_a_sentence(extracted, name, category, value, number):
    article, claims = extracted(name)
    headline = article.text[article.report[0].start : article.report[0].end]
    assert [(c.category, c.value) for c in claims] == [(category, value)] * 2, show(claims)
    # The quote and the number are the stored text, capitals and all.
    assert (claims[0].quote, claims[0].number_text) == (headline, number)
    assert article.text[claims[0].start : claims[0].end] == number


def test_vague_amounts_have_no_value_but_a_floor(claims_of):
    claims = claims_of("vague_amounts")
    assert [(c.category, c.value, c.low, c.high) for c in claims] == [
        ("killed", None, 24, None),
        ("injured", None, 200, None),
        ("missing", None, 3, None),
    ], show(claims)


# ----------------------------------------------------------------- hedges


def test_at_least_more_than_over_are_at_least(claims_of):
    claims = claims_of("hedge_at_least")
    assert [(c.value, c.qualifier, c.low, c.high) for c in claims] == [
        (14, "at_least", 14, None),
        (30, "at_least", 30, None),
        (200, "at_least", 200, None),
    ], show(claims)


def test_nearly_almost_up_to_fewer_than_are_at_most(claims_of):
    claims = claims_of("hedge_at_most")
    assert [(c.value, c.qualifier, c.low, c.high) for c in claims] == [
        (40, "at_most", None, 40),
        (60, "at_most", None, 60),
        (25, "at_most", None, 25),
        (10, "at_most", None, 10),
    ], show(claims)


def test_at_most_is_at_most_and_refugees_who_died_were_killed(claims_of):
    claims = claims_of("hedge_at_most_words")
    assert facts(claims) == [
        ("killed", "civilians", 12, "at_most"),  # "At most 12 refugees died"
        ("injured", "unspecified", 45, "at_most"),  # "at the most 45 people were hurt"
    ], show(claims)


def test_around_about_some_roughly_an_estimated_are_approx(claims_of):
    claims = claims_of("hedge_approx")
    assert [(c.value, c.qualifier) for c in claims] == [
        (300, "approx"),
        (50, "approx"),
        (80, "approx"),
        (1200, "approx"),
        (5000, "approx"),
    ], show(claims)


# --------------------------------------------------- category and group


def test_killing_x_and_wounding_y_are_two_claims(claims_of):
    # "10 others" are more of the soldiers just named: security forces, as the
    # shared gold reads "killing a policeman and injuring two others".
    claims = claims_of("killing_x_and_wounding_y")
    assert facts(claims) == [
        ("killed", "security_forces", 23, "exact"),
        ("injured", "security_forces", 10, "at_least"),
    ], show(claims)


@pytest.mark.parametrize(
    ("name", "value"),
    [("killing_x_and_wounding_y", 10), ("number_words", 23), ("hedge_approx", 80)],
    ids=["wounding_more_than_10_others", "twenty_three_others_were_wounded", "roughly_80_others_were_wounded"],
)
def test_others_belong_to_the_group_just_named(claims_of, name, value):
    claim = claim_of(claims_of(name), value)
    assert (claim.category, claim.group) == ("injured", "security_forces")


def test_others_after_a_list_of_verbs_are_more_of_the_group_named_first(claims_of):
    claims = claims_of("others_after_coordinated_verbs")
    assert facts(claims) == [
        ("killed", "security_forces", 4, "exact"),
        ("injured", "security_forces", 9, "exact"),  # "… were killed and nine others wounded"
        ("killed", "militants", 3, "exact"),
        ("arrested", "militants", 2, "exact"),  # "Three rebels died … and two others were captured"
    ], show(claims)


def test_list_carries_category_to_every_member(claims_of):
    claims = claims_of("list_carries_category")
    assert facts(claims) == [
        ("killed", "security_forces", 31, "exact"),
        ("killed", "militants", 52, "exact"),
        ("killed", "civilians", 6, "exact"),
    ], show(claims)


def test_toll_has_risen_to_is_killed(claims_of):
    claim = claim_of(claims_of("toll_has_risen"), 33)
    assert (claim.category, claim.qualifier) == ("killed", "exact")


def test_earlier_assessment_put_dead_is_killed(claims_of):
    claim = claim_of(claims_of("toll_has_risen"), 26)
    assert (claim.category, claim.qualifier) == ("killed", "exact")


# Inmates, held, escaped or recaptured, are nobody's side unless the text says whose
# members they are (GOLD.md: militants include *their* detained suspects):
# tests/data/patterns/custody_*.txt for when it does.


def test_had_been_recaptured_is_arrested(claims_of):
    claim = claim_of(claims_of("recaptured"), 89)
    assert (claim.category, claim.group) == ("arrested", "unspecified")


def test_remained_at_large_is_escaped(claims_of):
    claim = claim_of(claims_of("recaptured"), 240)
    assert (claim.category, claim.group) == ("escaped", "unspecified")


def test_home_to_some_inmates_is_held_approx(claims_of):
    claim = claim_of(claims_of("home_to_inmates"), 3000)
    assert (claim.category, claim.group, claim.qualifier) == ("held", "unspecified", "approx")


def test_more_than_a_hundred_assailants_are_fighters_at_least(claims_of):
    claim = claim_of(claims_of("assailants_count"), 100)
    assert (claim.category, claim.group, claim.qualifier) == ("fighters", "militants", "at_least")


def test_people_who_fled_their_homes_are_displaced_people_unspecified(claims_of):
    # "6,400 people" is a mixed total, as GOLD.md's "78 people" (displaced villagers are
    # civilians: tests/data/patterns/group_by_role.txt)
    claim = claim_of(claims_of("fled_their_homes"), 6400)
    assert (claim.category, claim.group) == ("displaced", "unspecified")


def test_soldiers_unaccounted_for_are_missing(claims_of):
    claim = claim_of(claims_of("unaccounted_for"), 17)
    assert (claim.category, claim.group) == ("missing", "security_forces")


def test_gunmen_kidnapped_passengers_are_abducted_civilians(claims_of):
    claims = claims_of("gunmen_kidnapped")
    assert facts(claims) == [("abducted", "civilians", 19, "exact")], show(claims)


@pytest.mark.parametrize(
    ("name", "category", "value", "group"),
    [
        ("a_dozen", "abducted", 12, "civilians"),
        ("a_dozen", "killed", 12, "security_forces"),
        ("claimant_said_x", "abducted", 4, "civilians"),
        ("claimant_spokesman_for_org", "killed", 27, "militants"),
        ("home_to_inmates", "killed", 15, "unspecified"),
        ("hedge_at_least", "killed", 30, "militants"),
        ("claimant_aliases", "killed", 8, "security_forces"),
    ],
    ids=[
        "worshippers_are_civilians",
        "vigilantes_fighting_the_kidnappers_are_security_forces",
        "aid_workers_are_civilians",
        "insurgents_are_militants",
        "inmates_are_nobodys_side_unless_said",
        "assailants_are_militants",
        "fighters_of_an_sdf_patrol_are_security_forces",
    ],
)
def test_group_of_the_counted_people(claims_of, name, category, value, group):
    # GOLD.md: a militia fighting the attackers is on the security forces' side;
    # the SDF's own fighters likewise (its side in the alias table).
    claims = claims_of(name)
    claim = claim_of([c for c in claims if c.category == category], value, everything=claims)
    assert claim.group == group, show(claims)


def test_breaking_out_of_custody_is_escaped_and_fleeing_home_is_displaced(claims_of):
    claims = claims_of("broke_out_of_jail")
    assert [(c.category, c.value) for c in claims] == [
        ("escaped", 300),  # "broke out of the national penitentiary"
        ("escaped", 40),  # "got out of the cells"
        ("held", 3600),  # "the prison had been accommodating roughly 3,600 inmates"
        ("displaced", 2000),  # "fled their homes"
    ], show(claims)


def test_escapees_retrieved_rounded_up_or_caught_are_arrested(claims_of):
    claims = claims_of("escapees_retrieved")
    assert [(c.category, c.value) for c in claims] == [
        ("arrested", 52),
        ("arrested", 17),
        ("arrested", 9),
        ("escaped", 80),
        ("escaped", 11),  # "escaped … and were recaptured within hours": both
        ("arrested", 11),
    ], show(claims)


def test_injuries_sustained_treated_critical_or_in_intensive_care_are_injured(claims_of):
    claims = claims_of("sustained_injuries")
    assert [(c.category, c.value) for c in claims] == [
        ("injured", 11),  # "sustained injuries"
        ("injured", 23),  # "were being treated"
        ("injured", 4),  # "four of them in a critical condition"
        ("injured", 2),  # "admitted to the intensive care unit"
        ("injured", 3),  # "suffered burns"
        ("killed", 2),  # "two of the injured civilians later succumbed to their wounds"
    ], show(claims)


def test_people_shot_or_stabbed_are_wounded_unless_fatally(claims_of):
    claims = claims_of("shot_and_stabbed")
    assert [(c.category, c.value) for c in claims] == [
        ("killed", 1),  # "One dead, …"
        ("injured", 6),  # "… six hurt as gunfire erupts": a headline's participle
        ("injured", 7),  # "Seven people were shot, …"
        ("killed", 1),  # "… one of them fatally"
        ("injured", 4),  # "were hit by stray bullets"
        ("injured", 2),  # "two men were stabbed"
        ("injured", 9),  # "were treated for minor injuries"
    ], show(claims)


def test_a_toll_with_others_treated_the_lives_it_took_and_the_attackers_numbering(claims_of):
    claims = claims_of("toll_with_others_treated")
    assert facts(claims)[2:] == [
        ("injured", "unspecified", 33, "exact"),  # "has climbed to 19, with 33 others still receiving treatment"
        ("killed", "civilians", 4, "at_least"),  # "took the lives of at least four traders"
        ("fighters", "militants", 6, "approx"),  # "The bombers, numbering about six"
    ], show(claims)


def test_people_moved_to_relief_camps_or_shelters_are_displaced(claims_of):
    claims = claims_of("moved_to_relief_camps")
    assert [(c.category, c.value) for c in claims] == [
        ("displaced", 8000),  # "have been moved to relief camps"
        ("displaced", 1200),  # "were taken to church shelters" (not the hospital after it)
        ("injured", 14),  # "were taken to hospital"
    ], show(claims)


def test_trapped_or_unreachable_people_are_missing(claims_of):
    claims = claims_of("trapped_unreachable")
    assert [(c.category, c.value) for c in claims] == [("missing", 12), ("missing", 7), ("killed", 9)], show(claims)


def test_kidnapped_and_killed_is_two_claims(claims_of):
    claims = claims_of("kidnapped_and_killed")
    assert sorted((c.category, c.value) for c in claims) == [
        ("abducted", 4),  # "abducted and later released": one claim, freed captives were abducted
        ("abducted", 6),
        ("killed", 6),
    ], show(claims)


def test_nouns_of_the_event_count_their_people(claims_of):
    claims = claims_of("abduction_of")
    assert [(c.category, c.value) for c in claims] == [
        ("abducted", 17),  # "the abduction of 17 bus passengers"
        ("arrested", 11),  # "11 arrests had been made"
        ("displaced", 600),  # "the evacuation of some 600 villagers"
    ], show(claims)


def test_the_figure_and_the_number_are_the_count_before_them(claims_of):
    claims = claims_of("figure_refers_back")
    assert [(c.category, c.value) for c in claims] == [
        ("killed", 5),
        ("killed", 2),
        ("killed", 7),  # "which brought the number to seven"
        ("killed", 5),  # "the figure had stood at five"
        ("killed", 8),
        ("killed", 3),  # "including three soldiers"
    ], show(claims)


def test_the_size_of_an_armed_force_is_fighters(claims_of):
    claims = claims_of("force_size")
    # "a 12-strong delegation of elders" is no force
    assert [(c.category, c.value) for c in claims] == [("fighters", 300), ("fighters", 150)], show(claims)


def test_freed_captives_were_abducted_and_freed_inmates_escaped(claims_of):
    claims = claims_of("freed_captives")
    assert [(c.category, c.value) for c in claims] == [
        ("abducted", 8),  # "eight freed nurses"
        ("abducted", 4),
        ("escaped", 60),  # "freed 60 inmates from its holding cells"
        ("abducted", 2),  # "were taken from a clinic"
        ("arrested", 5),  # and not the two of them "released on bail"
    ], show(claims)


def test_taken_prisoner_is_arrested_and_held_hostage_abducted(claims_of):
    claims = claims_of("taken_prisoner_held_hostage")
    assert [(c.category, c.value) for c in claims] == [("arrested", 25), ("abducted", 18)], show(claims)


def test_done_to_death_is_killed_but_sentenced_to_death_is_not(claims_of):
    claims = claims_of("to_death")
    assert [(c.category, c.value) for c in claims] == [("killed", 9), ("killed", 3)], show(claims)


def test_a_count_that_does_the_killing_is_not_of_the_killed(claims_of):
    claims = claims_of("doer_not_victim")
    # "One of them later blew himself up": no count of anyone we count.
    assert [(c.category, c.value) for c in claims] == [("fighters", 2), ("killed", 3), ("arrested", 4)], show(claims)


def test_a_noun_for_people_not_in_the_tables_counts_by_what_befell_it(claims_of):
    claims = claims_of("people_known_by_what_befell_them")
    # "30 market stalls were burned" is no count of people, although "injured" stands near it.
    assert [(c.category, c.value) for c in claims] == [("arrested", 40), ("injured", 11), ("injured", 6)], show(claims)


def test_a_count_of_an_armed_group_by_its_name_counts_its_members(claims_of):
    claims = claims_of("armed_group_named")
    assert [(c.category, c.value) for c in claims] == [("killed", 30), ("killed", 12)], show(claims)


def test_people_who_abandon_or_are_forced_out_of_their_homes_are_displaced(claims_of):
    claims = claims_of("driven_from_homes")
    assert [(c.category, c.value) for c in claims] == [
        ("displaced", 8000),  # "abandoned their villages"
        ("displaced", 3500),  # "forced … out of their homes"
        ("displaced", 1500),  # "forced some 1,500 people … to leave their homes"
    ], show(claims)


# --------------------------------------------------------------- claimants


def assert_claimant(claims, value: int, name: str) -> None:
    """The claim of ``value`` is attributed to a source whose name contains ``name``."""
    claimant = claim_of(claims, value).claimant
    assert name in (claimant or ""), f"claimant of {value} is {claimant!r}, expected one naming {name!r}"


def test_claimant_according_to_x(claims_of):
    assert_claimant(claims_of("claimant_according_to"), 7, "Human Rights Watch")


def test_claimant_x_said(claims_of):
    assert_claimant(claims_of("claimant_x_said"), 12, "Somali National Army")


def test_claimant_said_x(claims_of):
    assert_claimant(claims_of("claimant_said_x"), 4, "Médecins Sans Frontières")


def test_claimant_x_told_afp(claims_of):
    assert_claimant(claims_of("claimant_told_afp"), 14, "Mustapha Karimbe")


def test_claimant_x_reported(claims_of):
    assert_claimant(claims_of("claimant_x_reported"), 9, "Amnesty International")


def test_claimant_x_reported_named_in_apposition(claims_of):
    # "The newspaper Daily Trust reported": the source is the paper's name, not "newspaper".
    assert_claimant(claims_of("claimant_x_reported"), 31, "Daily Trust")


def test_claimant_spokesman_for_org_names_the_organisation(claims_of):
    assert_claimant(claims_of("claimant_spokesman_for_org"), 27, "Multinational Joint Task Force")


@pytest.mark.parametrize(
    "value",
    [19, 40, 7, 11],
    ids=[
        "named_after_a_participle_clause",
        "referred_to_as_the_observatory",
        "referred_to_as_the_monitor",
        "referred_to_as_he",
    ],
)
def test_claimant_named_then_referred_to(claims_of, value):
    assert_claimant(claims_of("claimant_named_then_referred_to"), value, "Syrian Observatory for Human Rights")


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        (8, "Syrian Observatory for Human Rights"),
        (14, "Syrian Democratic Forces"),
        (5, "Syrian Observatory for Human Rights"),
    ],
    ids=["SOHR", "FDS", "OSDH"],
)
def test_claimant_aliases_are_normalised(claims_of, value, canonical):
    assert_claimant(claims_of("claimant_aliases"), value, canonical)


# -------------------------------------------------------------- not claims


@pytest.mark.parametrize(
    ("name", "only_claim"),
    [
        ("not_claims_years_dates_times", 9),
        ("not_claims_ages", 8),
        ("not_claims_distances", 6),
        ("not_claims_percentages", 4),
        ("not_claims_counts_of_things", 2),
        ("not_claims_iso_dates", 17),
    ],
    ids=["years_dates_times", "ages", "distances", "percentages", "counts_of_things", "iso_dates"],
)
def test_not_claims(claims_of, name, only_claim):
    claims = claims_of(name)
    assert values(claims) == [only_claim], show(claims)


def test_numbers_in_boilerplate_lines_are_not_claims(extracted):
    article, claims = extracted("not_claims_boilerplate")
    set_aside = [article.text[s.start : s.end] for s in article.boilerplate]
    assert any(line.startswith("Read also: 20 killed") for line in set_aside), set_aside
    assert values(claims) == [5], show(claims)


# ------------------------------------------------------------------ gold


def _load_shared(name: str):
    """A module of ``shared/eval`` by file name; skips when ``../shared`` is absent."""
    path = SHARED / "eval" / f"{name}.py"
    if not path.is_file():
        pytest.skip(f"{path} not found: the shared evaluation tools sit at ../shared beside the project")
    spec = importlib.util.spec_from_file_location(f"shared_eval_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_gold_file_is_valid(capsys):
    check_gold = _load_shared("check_gold")
    status = check_gold.main(["check_gold.py", str(PATTERNS / "gold.yaml"), str(PATTERNS)])
    assert status == 0, capsys.readouterr().out


def test_pattern_articles_score_against_gold(extracted, tmp_path):
    score = _load_shared("score").score
    articles, claims = [], []
    for path in sorted(PATTERNS.glob("*.txt")):
        article, found = extracted(path.stem)
        articles.append(article)
        claims.extend(found)
    export = export_data(Briefing(articles=tuple(articles), claims=tuple(claims), incidents=()))
    assert export["incidents"] == []
    # Written like the real export, so that `score.py -v` can be run on it by hand.
    written = tmp_path / "export.json"
    written.write_text(json.dumps(export, ensure_ascii=False, indent=2, sort_keys=True), encoding="utf-8")

    gold = yaml.safe_load((PATTERNS / "gold.yaml").read_text(encoding="utf-8"))
    result, detail = score(gold, json.loads(written.read_text(encoding="utf-8")))
    lines = [f"MISSED   {g['article']} {g['category']}={g['value']} :: {g['text']}" for g in detail["missed"]]
    lines += [f"SPURIOUS {p['article']} {p['category']}={p['value']} :: {p['quote']}" for p in detail["spurious"]]
    assert result["claims_f1"] >= 0.9, f"claims F1 {result['claims_f1']}:\n" + "\n".join(lines)
