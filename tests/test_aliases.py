"""The alias table is data: shipped YAML, extended by the project's own file."""

from __future__ import annotations

import pytest

from generator.aliases import AliasFileError, fold, fold_uncached, load_aliases


def test_monitor_names_all_meet_at_one_canonical_name():
    table = load_aliases()
    for name in ("SOHR", "OSDH", "Syrian Observatory for Human Rights", "Rami Abdel Rahman"):
        assert table.organisation(name).name == "Syrian Observatory for Human Rights"
    assert table.organisation("FDS").name == "Syrian Democratic Forces"


def test_short_capitalised_aliases_do_not_match_ordinary_words():
    table = load_aliases()
    assert table.organisation_in("this is where it is") is None
    assert table.organisation_in("an attack claimed by IS").name == "Islamic State"


def test_place_spellings_fold_accents_and_case():
    table = load_aliases()
    for spelling in ("Hassaké", "HASAKEH", "Gweiran prison", "Al-Hassaka"):
        assert table.place(spelling).name == "Al-Hasakah"
    assert fold("Al-Hassaké") == "al hassake"


def test_a_project_file_adds_names_and_merges_lists(tmp_path):
    extra = tmp_path / "aliases.yml"
    extra.write_text(
        "organisations:\n"
        "  - name: Syrian Observatory for Human Rights\n"
        "    aliases: [Observatorio Sirio]\n"
        "  - name: Multinational Joint Task Force\n"
        "    aliases: [MNJTF]\n"
        "    side: security_forces\n"
        "places:\n"
        "  - name: Monguno\n"
        "    country: Nigeria\n",
        encoding="utf-8",
    )
    table = load_aliases(extra)
    assert table.organisation("Observatorio Sirio").name == "Syrian Observatory for Human Rights"
    assert table.organisation("OSDH").name == "Syrian Observatory for Human Rights"  # shipped alias kept
    assert table.organisation("MNJTF").side == "security_forces"
    assert table.place("monguno").country == "Nigeria"


def test_a_broken_project_file_names_the_file(tmp_path):
    extra = tmp_path / "aliases.yml"
    extra.write_text("organisations: {not: a list}\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match=r"aliases\.yml"):
        load_aliases(extra)


def test_a_place_can_carry_coordinates_and_bad_ones_name_the_file(tmp_path):
    extra = tmp_path / "aliases.yml"
    extra.write_text("places:\n  - name: Agando\n    country: Niger\n    coordinates: [15.3, 6.1]\n", encoding="utf-8")
    agando = load_aliases(extra).place("Agando")
    assert agando is not None and agando.coordinates == (15.3, 6.1)
    extra.write_text("places:\n  - name: Agando\n    country: Niger\n    coordinates: [95, 6.1]\n", encoding="utf-8")
    with pytest.raises(AliasFileError, match=r"aliases\.yml.*coordinates.*Agando"):
        load_aliases(extra)


def test_every_organisation_a_text_names_is_found_once_the_longest_name_first():
    table = load_aliases()
    text = (
        "A statement on the Amaq News Agency said fighters of the Islamic State West Africa "
        "Province had attacked; the Forces démocratiques syriennes said nothing, and the Amaq agency "
        "added that it is too early to say."
    )

    assert table.organisations_named_in(text) == (
        "Amaq",
        "Islamic State West Africa Province",
        "Syrian Democratic Forces",
    )
    assert table.organisations_named_in("Who is it? It is what it is.") == ()
    assert table.organisations_named_in("a claim by IS and the SDF") == ("Islamic State", "Syrian Democratic Forces")


def test_other_names_are_the_tables_for_a_canonical_name_only():
    table = load_aliases()
    assert {"ISIS", "Daesh"} <= set(table.other_names("Islamic State"))
    assert {"OSDH", "SOHR", "Rami Abdel Rahman"} <= set(table.other_names("Syrian Observatory for Human Rights"))
    assert "Hassaké" in table.other_names("Al-Hasakah")
    assert table.other_names("Daesh") == ()  # not a canonical name
    assert table.other_names("Nowhere in particular") == ()


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Al-Hassaké", "al hassake"),
        ("straße", "stra e"),
        ("Jama’atu Ahlis-Sunna", "jama atu ahlis sunna"),
        ("Đà Nẵng – “Łódź”", "a nang odz"),
        ("ﬁrst ½ ² K", "first 1 2 2 k"),
        ("plain ASCII, 12 words", "plain ascii 12 words"),
    ],
)
def test_a_whole_text_folds_as_a_name_does(text, folded):
    assert fold_uncached(text) == fold(text) == folded
