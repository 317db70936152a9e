"""The extraction stage, told as what an analyst reads in an article: each way
news states a figure about people becomes one claim with the right category,
group, hedge and source, and numbers that do not count people give none.

Each pattern has one short invented article under ``tests/data/patterns/``,
named after it; ``tests/data/patterns/gold.yaml`` lists the claims expected in
all of them in the format of ``shared/eval/GOLD.md`` (check it with
``python ../shared/eval/check_gold.py tests/data/patterns/gold.yaml tests/data/patterns``).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from generator.aliases import AliasTable, load_aliases
from generator.export import export_data
from generator.extract import extract_article
from generator.ingest import read_article
from generator.models import Article, Briefing, Claim

from .conftest import SHARED

PATTERNS = Path(__file__).parent / "data" / "patterns"


def extract_file(path: Path, nlp, aliases: AliasTable) -> tuple[Article, tuple[Claim, ...]]:
    """Read one article file and extract its claims, as the pipeline does."""
    article = read_article(path)
    parsed = [(span, nlp(article.text[span.start : span.end])) for span in article.report]
    return article, extract_article(article, parsed, aliases).claims


@pytest.fixture(scope="module")
def extracted(nlp) -> Callable[[str], tuple[Article, tuple[Claim, ...]]]:
    """``extracted(name)``: the article ``tests/data/patterns/<name>.txt`` and its claims."""
    aliases = load_aliases()
    cache: dict[str, tuple[Article, tuple[Claim, ...]]] = {}

    def run(name: str) -> tuple[Article, tuple[Claim, ...]]:
        if name not in cache:
            cache[name] = extract_file(PATTERNS / f"{name}.txt", nlp, aliases)
        return cache[name]

    return run


@pytest.fixture(scope="module")
def claims_of(extracted) -> Callable[[str], tuple[Claim, ...]]:
    """``claims_of(name)``: the claims of ``tests/data/patterns/<name>.txt``."""
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
    ],
    ids=["years_dates_times", "ages", "distances", "percentages", "counts_of_things"],
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
