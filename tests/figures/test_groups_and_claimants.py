"""Whom a figure counts and who claims it, on articles about incidents no rule was
written from: each rule of English news has its own short invented article under
``tests/figures/data/`` (listed in its ``gold.yaml`` with the others), in another
country and other words than the shared gold sets.

Groups are read from what the counted noun means (its class in
``generator/data/people.yml``, derived from WordNet), its modifiers and the
sentence; claimants from the organisations the article has named, however it
refers to them later.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.aliases import load_aliases
from generator.figures.lexicon import people_classes, security_bodies
from generator.models import Claim

from .test_patterns import PATTERNS, assert_claimant, claim_of, extract_file, facts, show

ROOT = Path(__file__).resolve().parents[2]
WORDNET = Path("/usr/share/wordnet")


@pytest.fixture(scope="module")
def claims_of(nlp) -> Callable[[str], tuple[Claim, ...]]:
    """``claims_of(name)``: the claims of ``tests/figures/data/<name>.txt``."""
    aliases = load_aliases()
    cache: dict[str, tuple[Claim, ...]] = {}

    def run(name: str) -> tuple[Claim, ...]:
        if name not in cache:
            cache[name] = extract_file(PATTERNS / f"{name}.txt", nlp, aliases)[1]
        return cache[name]

    return run


def group_of(claims, category: str, value: int) -> str:
    return claim_of([c for c in claims if c.category == category], value, everything=claims).group


# ------------------------------------------------------------ whom it counts


def test_nouns_no_article_here_used_are_classed_by_what_they_mean(claims_of):
    # traders, herders and fishermen are civilians by role; sentries and paratroopers wear
    # uniform; smugglers arrested are suspects — none of these nouns is in a hand list
    claims = claims_of("group_by_role")
    assert facts(claims) == [
        ("killed", "civilians", 14, "exact"),
        ("killed", "civilians", 3, "exact"),
        ("injured", "civilians", 7, "exact"),
        ("killed", "security_forces", 4, "exact"),
        ("injured", "security_forces", 2, "exact"),
        ("arrested", "militants", 9, "exact"),
    ], show(claims)


def test_a_count_before_two_nouns_counts_the_one_that_names_people(claims_of):
    # "Fifteen cattle rustlers were arrested": the count hangs on "cattle" in the parse
    claims = claims_of("count_before_a_name_and_a_noun")
    assert facts(claims) == [
        ("arrested", "militants", 15, "exact"),
        ("killed", "civilians", 4, "exact"),  # "Four Pokot herders"
        ("killed", "militants", 2, "exact"),  # "two Turkana raiders"
    ], show(claims)


def test_a_closed_compound_no_table_lists_is_classed_by_the_noun_it_ends_with(claims_of):
    # "farmworkers" are workers, "coastguards" guards; neither word is in WordNet's classes
    claims = claims_of("group_by_a_compounds_ending")
    assert facts(claims) == [
        ("killed", "civilians", 12, "exact"),
        ("killed", "civilians", 12, "exact"),
        ("injured", "security_forces", 3, "exact"),
    ], show(claims)


def test_a_compound_with_an_irregular_plural_is_classed_as_its_singular(claims_of):
    # spaCy leaves "schoolchildren" as it is; WordNet lists only "child" → "children"
    claims = claims_of("group_compound_plurals")
    assert facts(claims) == [("abducted", "civilians", 26, "exact")], show(claims)


@pytest.mark.parametrize(
    ("category", "value", "group"),
    [
        ("killed", 16, "security_forces"),
        ("injured", 5, "security_forces"),
        ("killed", 11, "security_forces"),
        ("killed", 14, "security_forces"),
        ("injured", 6, "civilians"),
    ],
    ids=[
        "a_nationality_makes_personnel_a_states_forces",
        "peshmerga_fighters_are_security_forces",
        "members_of_a_pro_government_militia",
        "village_volunteers_defending_a_town",
        "red_crescent_volunteers_are_civilians",
    ],
)
def test_a_states_forces_and_those_who_defend_against_attackers_are_security_forces(claims_of, category, value, group):
    assert group_of(claims_of("group_state_forces"), category, value) == group


@pytest.mark.parametrize(
    ("name", "value"),
    [("group_named_forces", 5), ("group_regime_forces", 12)],
    ids=["crpf_personnel", "regime_forces"],
)
def test_forces_named_by_their_body_or_regime_are_security_forces(claims_of, name, value):
    claims = claims_of(name)
    assert claim_of(claims, value).group == "security_forces", show(claims)


def test_an_armed_groups_name_counts_its_members(claims_of):
    # "20 Houthis": the group's name as the counted noun; "Houthi commanders": its officers
    claims = claims_of("group_named_armed_body")
    assert facts(claims) == [("killed", "militants", 20, "exact"), ("killed", "militants", 5, "exact")], show(claims)


def test_a_name_in_capitals_before_the_noun_does_not_hide_it(claims_of):
    # the parser reads "3 IS militants" as "3 is …": the noun after the name still counts
    claims = claims_of("group_acronym_before_noun")
    assert facts(claims) == [("killed", "militants", 3, "exact")], show(claims)


def test_inmates_are_nobodys_side_unless_the_text_says(claims_of):
    claims = [c for c in claims_of("custody_unless_said") if c.value is not None]
    assert [(c.category, c.group, c.value) for c in claims] == [
        ("escaped", "unspecified", 214),
        ("held", "unspecified", 600),
        ("arrested", "unspecified", 37),
    ], show(claims)


def test_inmates_are_the_groups_once_the_article_says_the_jail_holds_its_members(claims_of):
    claims = claims_of("custody_said_militants")
    assert group_of(claims, "escaped", 120) == "militants"
    assert group_of(claims, "arrested", 45) == "militants"


@pytest.mark.parametrize(
    ("category", "value", "group"),
    [
        ("killed", 9, "civilians"),
        ("escaped", 6, "civilians"),
        ("killed", 2, "civilians"),
        ("missing", 5, "civilians"),
        ("injured", 12, "unspecified"),
    ],
    ids=[
        "nine_of_them_children",
        "six_of_them_are_the_pupils_before",
        "two_people_a_farmer_and_his_wife",
        "people_from_the_neighbouring_village",
        "most_of_them_women_is_still_a_mixed_total",
    ],
)
def test_whom_the_words_around_a_count_say_it_is(claims_of, category, value, group):
    assert group_of(claims_of("group_refers_back"), category, value) == group


def test_the_dead_of_an_attacked_church_are_its_worshippers_unless_called_people(claims_of):
    claims = claims_of("group_attacked_place")
    assert group_of(claims, "killed", 14) == "civilians"  # "attacked a church …, killing 14"
    assert group_of(claims, "killed", 9) == "unspecified"  # "attacked a police checkpoint, killing nine people"


def test_personnel_killed_in_an_attack_on_the_army_are_its_own(claims_of):
    claims = claims_of("group_side_named_by_the_attack")
    assert (
        group_of(claims, "killed", 14) == "security_forces"
    )  # "the worst attack on the army …, when 14 personnel died"
    assert (
        group_of(claims, "injured", 4) == "security_forces"
    )  # "Four personnel were wounded … in an assault on a gendarmerie post"
    assert (
        group_of(claims, "killed", 12) == "unspecified"
    )  # "An attack on a wedding party … killed 12 people": people say whom


def test_a_toll_counts_everyone_not_the_soldiers_counted_before(claims_of):
    claims = claims_of("toll_counts_everyone")
    assert group_of(claims, "killed", 9) == "security_forces"
    assert group_of(claims, "killed", 15) == "unspecified"


def test_an_armed_groups_own_tally_counts_its_enemies_not_an_officials(claims_of):
    claims = claims_of("armed_group_claim")
    assert group_of(claims, "killed", 47) == "security_forces"
    assert group_of(claims, "killed", 19) == "unspecified"


def test_people_arrested_on_suspicion_are_the_attacks_suspects(claims_of):
    assert group_of(claims_of("arrested_suspects"), "arrested", 14) == "militants"


def test_noun_classes_hold_words_of_every_side():
    classes = people_classes()
    assert classes["gendarme"] == classes["paratrooper"] == "security_forces"
    assert classes["hijacker"] == classes["insurgent"] == "militants"
    assert classes["detainee"] == classes["escapee"] == "custody"
    assert classes["worshipper"] == classes["pupil"] == classes["shopper"] == "civilians"
    assert {"battalion", "gendarmerie", "militia"} <= security_bodies()


@pytest.mark.skipif(
    not (WORDNET / "data.noun").is_file(), reason="WordNet 3.0 not installed (apt-get install wordnet-base)"
)
def test_people_classes_file_is_what_the_tool_writes_from_wordnet(tmp_path):
    spec = importlib.util.spec_from_file_location("people_classes_tool", ROOT / "tools" / "people_classes.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    out = tmp_path / "people.yml"
    assert tool.main(["--wordnet", str(WORDNET), "-o", str(out)]) == 0
    shipped = (ROOT / "generator" / "data" / "people.yml").read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == shipped, "run: .venv/bin/python tools/people_classes.py"


# ------------------------------------------------------------- who claims it


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (18, "Mwatana for Human Rights"),
        (25, "Mwatana for Human Rights"),
        (4, "Mwatana for Human Rights"),
        (40, "Airwars"),
        (11, "Airwars"),
    ],
    ids=[
        "named_with_its_kind",
        "the_sanaa_based_group",
        "the_groups_director",
        "named_as_a_monitor",
        "the_monitor_is_the_last_monitor_named",
    ],
)
def test_an_organisation_named_once_is_found_again_by_its_kind(claims_of, value, name):
    assert_claimant(claims_of("claimant_by_kind"), value, name)


def test_an_organisation_named_with_its_kind_is_the_group_later(claims_of):
    claims = claims_of("claimant_named_with_its_kind")
    assert_claimant(claims, 7, "White Helmets")  # "according to the White Helmets rescue group"
    assert_claimant(claims, 20, "White Helmets")  # "The group said"


def test_a_source_described_and_then_named_is_its_name(claims_of):
    claims = claims_of("claimant_described_then_named")
    # "according to maritime security firm Harbour Line Analytics"
    assert claim_of(claims, 4).claimant == "Harbour Line Analytics"
    # "according to medical charity Medics Without Walls": the name with its capitalised "Without"
    assert claim_of(claims, 2).claimant == "Medics Without Walls"


def test_a_speaker_the_parser_hung_on_the_figures_is_still_the_source(claims_of):
    # "…, killing five people and wounding 23, a source in the regional police command told AFP":
    # the parser takes "a source" for a third object of "killing", and "told" has no subject
    claims = claims_of("claimant_after_the_figures_misparsed")
    assert_claimant(claims, 23, "Source")
    assert [c.claimant for c in claims if c.value == 5] == [None, "Source"]  # the headline names none


def test_the_source_is_the_office_not_who_runs_it_or_its_adjective(claims_of):
    claims = claims_of("claimant_offices")
    assert claim_of(claims, 12).claimant == "Health ministry", show(claims)  # "the Houthi-run health ministry"
    assert_claimant(claims, 30, "Provincial governor (Mohammed Quhaim)")
    assert claim_of(claims, 3).claimant == "Information Minister (Khalid al-Rawi)", show(claims)


def test_a_name_with_and_in_it_is_kept_whole(claims_of):
    assert_claimant(claims_of("group_named_forces"), 5, "Jammu and Kashmir police")


def test_the_ngos_director_speaks_for_the_ngo_named_before(claims_of):
    claims = claims_of("claimant_kind_beside_name")
    assert_claimant(claims, 17, "Global Rights")  # "Global Rights, an Abuja-based NGO, said"
    assert_claimant(claims, 6, "Global Rights")  # "The NGO's director said"


@pytest.mark.parametrize(
    ("name", "value", "agency"),
    [
        ("claimant_state_media", 17, "Iraqi News Agency"),
        ("claimant_state_media", 42, "Iraqi News Agency"),
        ("claimant_state_media_country", 6, "Associated Press of Pakistan"),
    ],
    ids=["iraqi_state_media", "the_official_news_agency", "state_media_in_a_report_on_pakistan"],
)
def test_state_media_is_one_organisation_the_countrys_news_agency(claims_of, name, value, agency):
    assert_claimant(claims_of(name), value, agency)


def test_attribution_after_the_figure_credits_it(claims_of):
    claims = claims_of("claimant_after_the_figure")
    assert_claimant(claims, 7, "Saba News Agency")  # "This was reported by …"
    assert_claimant(claims, 2, "Abdo Majili")  # "The figure was confirmed by …", a paragraph on


def test_who_could_not_confirm_a_figure_is_not_its_source_and_a_late_source_stays_put(claims_of):
    claims = claims_of("claimant_not_confirmed")
    assert claim_of(claims, 9).claimant is None, show(claims)  # "AFP could not independently confirm"
    assert_claimant(claims, 12, "health directorate")  # "The figures were provided by …"
    assert claim_of(claims, 4).claimant is None, show(claims)  # the sentence after it


def test_figures_given_by_one_of_a_group_are_that_ones(claims_of):
    claims = claims_of("claimant_one_of_them")
    assert_claimant(claims, 14, "One of the nurses")


def test_a_source_line_above_the_report_credits_its_figures(claims_of):
    claims = claims_of("claimant_source_line")
    assert_claimant(claims, 12, "News Agency of Nigeria")
    assert_claimant(claims, 8, "News Agency of Nigeria")


def test_a_source_carries_into_the_next_paragraph_only_about_its_own_figures(claims_of):
    claims = claims_of("claimant_next_paragraph")
    assert_claimant(claims, 11, "Interior ministry")  # "Among the dead were 11 children."
    assert claim_of(claims, 5).claimant is None, show(claims)  # "Five soldiers were reportedly killed"
    assert claim_of(claims, 3).claimant is None, show(claims)  # a paragraph on, about other dead


def test_a_source_is_not_credited_with_a_figure_from_another_scene(claims_of):
    claims = claims_of("claimant_carry_over_stops")
    assert_claimant(claims, 9, "health bureau")  # "Among them were nine militiamen."
    assert claim_of(claims, 14).claimant is None, show(claims)  # "In Gondar, … a separate attack"


@pytest.mark.parametrize(
    ("value", "name"),
    [(57, "United Nations"), (12, "Somali army"), (15, "Abdi Hashi")],
    ids=["adding_that", "the_statement_it_put_out", "named_before_a_relative_clause"],
)
def test_who_speaks_in_participles_statements_and_relative_clauses(claims_of, value, name):
    assert_claimant(claims_of("claimant_participle"), value, name)
