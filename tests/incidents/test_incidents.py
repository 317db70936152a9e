"""Incidents across articles: one per real event, whatever the spelling, with its own day,
and figures of other times left as context."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from generator.aliases import load_aliases
from generator.incidents.clustering import locate_incidents
from generator.incidents.gazetteer import Gazetteer, load_index, same_place
from generator.models import Incident
from generator.pipeline import export, read_briefing
from generator.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def briefing() -> dict:
    return json.loads(export(load_settings(ROOT), DATA).export_json)


def incident_of(briefing: dict, article: str, location: str) -> dict:
    found = [i for i in briefing["incidents"] if article in i["articles"] and i["location"] == location]
    assert len(found) == 1, f"{article} should report one incident in {location}: {briefing['incidents']}"
    return found[0]


def claims_of(briefing: dict, article: str) -> list[dict]:
    return [c for c in briefing["claims"] if c["article"] == article]


def test_two_articles_that_spell_the_place_differently_are_one_incident(briefing):
    first = incident_of(briefing, "boulkessi_first_report", "Boulkessi")
    assert "boulkesi_later_toll" in first["articles"]
    assert set(first["aliases"]) >= {"Boulkessi", "Boulkesi"}


def test_an_article_can_report_two_incidents(briefing):
    market = incident_of(briefing, "two_incidents_one_article", "Mogadishu")
    ambush = incident_of(briefing, "two_incidents_one_article", "Kismayo")
    assert market["id"] != ambush["id"]
    assert market["country"] == ambush["country"] == "Somalia"
    by_value = {c["value"]: c["incident"] for c in claims_of(briefing, "two_incidents_one_article")}
    assert by_value[12] == market["id"] and by_value[30] == market["id"]
    assert by_value[5] == ambush["id"]


def test_the_follow_up_report_joins_the_market_bombing(briefing):
    market = incident_of(briefing, "two_incidents_one_article", "Mogadishu")
    assert "mogadishu_follow_up" in market["articles"]
    assert market["kind"] == "bombing"


def test_relative_days_are_counted_back_from_publication(briefing):
    # Published Friday 3 May 2024: "late Wednesday" is 1 May; the ambush "on Thursday"
    # in an article of Saturday 10 February is 8 February.
    assert incident_of(briefing, "boulkessi_first_report", "Boulkessi")["date"] == "2024-05-01"
    assert incident_of(briefing, "two_incidents_one_article", "Kismayo")["date"] == "2024-02-08"
    assert incident_of(briefing, "two_incidents_one_article", "Mogadishu")["date"] == "2024-02-09"


def test_a_figure_from_another_time_is_context_not_the_incident(briefing):
    last_year = [c for c in claims_of(briefing, "boulkessi_first_report") if c["value"] == 40]
    assert last_year and last_year[0]["incident"] is None
    toll = [c for c in claims_of(briefing, "boulkessi_first_report") if c["value"] == 14]
    assert toll[0]["incident"] is not None


def test_slugs_read_date_place_and_kind(briefing):
    ids = {i["id"] for i in briefing["incidents"]}
    assert "2024-05-01-boulkessi-attack" in ids


# The threshold of same_place was measured on these pairs: transliterations of one place
# against distinct places with similar names.
VARIANTS = [("Hasakah", "Hasakeh"), ("Hasakah", "Hassakeh"), ("Hasakah", "Al-Hassaka"), ("Ghwayran", "Ghuwayran"),
            ("Deir ez-Zor", "Deir Ezzor"), ("Deir ez-Zor", "Deir el-Zor"), ("Tillaberi", "Tillabery"),
            ("Peshawar", "Pishawar"), ("Kandahar", "Qandahar"), ("Falluja", "Fallujah"), ("Ramadi", "Ramadie"),
            ("Benghazi", "Bengasi"), ("Maiduguri", "Maidugiri"), ("Tessalit", "Tessalite"), ("Quetta", "Kuetta"),
            ("Boulkessi", "Boulkesi"), ("Hassaké", "Hassake")]  # fmt: skip
DISTINCT = [("Hasakah", "Raqqa"), ("Agando", "Agadez"), ("Niamey", "Niger"), ("Mosul", "Mali"), ("Kidal", "Kila"),
            ("Gao", "Goa"), ("Homs", "Hama"), ("Idlib", "Irbid"), ("Diyala", "Dibba"), ("Inates", "Ingall"),
            ("Tahoua", "Tahara"), ("Peshawar", "Pishin"), ("Baghdad", "Baqubah"), ("Kandahar", "Kunar"),
            ("Mali", "Malir"), ("Benin", "Bonny"), ("Bama", "Baga"), ("Gwoza", "Gwozo"), ("Mopti", "Motti"),
            ("Kismayo", "Kisumu"), ("Mogadishu", "Mombasa")]  # fmt: skip


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_transliterations_of_one_place_meet(a, b):
    assert same_place(a, b)


@pytest.mark.parametrize(("a", "b"), DISTINCT)
def test_distinct_places_with_similar_names_stay_apart(a, b):
    assert not same_place(a, b)


def test_incidents_are_located_by_their_place_or_left_without_coordinates():
    def incident(location, country):
        return Incident(f"x-{location}", "t", dt.date(2023, 3, 3), country, location, "attack")

    city, province, elsewhere, unknown = locate_incidents(
        [
            incident("Maiduguri", "Nigeria"),
            incident("Diyala", "Iraq"),
            incident("Maiduguri", "Chad"),  # a place the gazetteer puts in another country
            incident("Kadagoumbi", "Niger"),
        ],
        Gazetteer(load_aliases(None)),
    )
    assert city.place_kind == "city" and abs(city.latitude - 11.85) < 0.1 and abs(city.longitude - 13.16) < 0.1
    assert province.place_kind == "province" and province.latitude is not None
    assert elsewhere.latitude is None and elsewhere.place_kind is None
    assert unknown.latitude is None and unknown.longitude is None


# --- one folder, many events: the rules of issue 16, each with an article of its own -------------


def incidents_of(briefing: dict, article: str) -> list[dict]:
    return [i for i in briefing["incidents"] if article in i["articles"]]


def claim_of(briefing: dict, article: str, value: int) -> dict:
    (found,) = [c for c in claims_of(briefing, article) if c["value"] == value]
    return found


def test_an_attack_on_a_town_and_another_a_year_later_are_two_incidents_a_reader_tells_apart(briefing):
    (first,) = incidents_of(briefing, "djibo_detachment_2022")
    (second,) = incidents_of(briefing, "djibo_siege_2023")
    assert first["id"] != second["id"] and first["articles"] == ["djibo_detachment_2022"]
    assert (first["date"], second["date"]) == ("2022-05-08", "2023-11-26")
    assert first["title"] != second["title"]
    assert first["title"].startswith("Attack in Djibo, Burkina Faso") and "2022" in first["title"]


def test_a_follow_up_that_gives_no_day_joins_the_latest_incident_of_its_town(briefing):
    (later,) = incidents_of(briefing, "djibo_follow_up_dated")  # ten days after, "the jihadist assault on Djibo"
    assert later["date"] == "2023-11-26" and "djibo_siege_2023" in later["articles"]
    assert {c["incident"] for c in claims_of(briefing, "djibo_follow_up_dated")} == {later["id"]}


def test_background_naming_an_older_attack_never_puts_its_article_in_that_incident(briefing):
    (older,) = incidents_of(briefing, "djibo_detachment_2022")
    assert older["articles"] == ["djibo_detachment_2022"]
    # "Last year, an attack on an army detachment in the town killed 11 soldiers."
    assert claim_of(briefing, "djibo_siege_2023", 11)["incident"] != incidents_of(briefing, "djibo_siege_2023")[0]["id"]


def test_an_undated_report_of_a_town_attacked_twice_is_merged_into_neither_year(briefing):
    (own,) = incidents_of(briefing, "djibo_siege_undated")
    assert own["articles"] == ["djibo_siege_undated"]
    assert own["date"] is None and "date unknown" in own["title"]


def test_an_undated_follow_up_joins_its_village_not_a_later_attack_in_the_same_region(briefing):
    (village,) = incidents_of(briefing, "menaka_village_2022")
    (army_post,) = incidents_of(briefing, "menaka_army_post_2023")
    assert village["articles"] == ["menaka_village_2022", "menaka_village_undated"]
    assert army_post["articles"] == ["menaka_army_post_2023"]
    assert claim_of(briefing, "menaka_village_undated", 22)["incident"] == village["id"]


def test_a_photo_captions_date_is_never_the_incidents_date(briefing):
    # The caption under the report reads "…, Tuesday, Aug. 8, 2023. AP".
    (bombing,) = incidents_of(briefing, "mora_market_caption")
    assert bombing["date"] == "2023-09-13"
    assert bombing["location"] == "Mora" and bombing["country"] == "Cameroon"


def test_a_town_several_countries_have_is_the_one_in_the_articles_country(briefing):
    (clashes,) = incidents_of(briefing, "tripoli_clashes")
    assert clashes["country"] == "Lebanon"
    assert "Beirut" not in clashes["location"]  # "BEIRUT (AP) —" is where the story was filed
    bama = [i for i in incidents_of(briefing, "bama_roundup") if i["location"] == "Bama"]
    assert bama[0]["country"] == "Burkina Faso"


def test_a_town_known_only_abroad_keeps_its_name_in_the_articles_country(briefing):
    (attack,) = incidents_of(briefing, "kula_undated_single")
    assert (attack["location"], attack["country"]) == ("Kula", "Nigeria")


def test_a_town_no_gazetteer_has_keeps_its_own_name_never_the_city_nearby(briefing):
    (prison,) = incidents_of(briefing, "dan_kurmi_prison_break")
    assert (prison["location"], prison["country"]) == ("Dan Kurmi", "Nigeria")
    assert prison["date"] == "2022-09-12"  # "late on Monday", in a report of Wednesday 14 September


def test_an_undated_single_article_says_date_unknown(briefing):
    (attack,) = incidents_of(briefing, "kula_undated_single")
    assert attack["date"] is None


def test_an_undated_article_takes_its_date_from_the_absolute_dates_it_gives(briefing):
    (attack,) = incidents_of(briefing, "absolute_date_undated")
    assert attack["date"] == "2022-03-03"


def test_a_roundup_belongs_to_both_incidents_and_each_figure_to_its_own(briefing):
    bama, tillia = sorted(incidents_of(briefing, "bama_roundup"), key=lambda i: i["location"])
    assert (bama["location"], tillia["location"]) == ("Bama", "Tillia")
    assert (tillia["country"], tillia["date"]) == ("Niger", "2023-07-04")
    assert claim_of(briefing, "bama_roundup", 7)["incident"] == bama["id"]
    assert claim_of(briefing, "bama_roundup", 12)["incident"] == tillia["id"]
    assert claim_of(briefing, "bama_roundup", 15)["incident"] == tillia["id"]


def test_a_conflicts_toll_a_tally_over_a_period_and_a_groups_size_are_context(briefing):
    assert claim_of(briefing, "djibo_detachment_2022", 10000)["incident"] is None  # "the conflict has killed"
    assert claim_of(briefing, "djibo_siege_2023", 600)["incident"] is None  # "so far this year"
    assert claim_of(briefing, "dan_kurmi_prison_break", 40000)["incident"] is None  # "the insurgency … has killed"
    assert claim_of(briefing, "dan_kurmi_prison_break", 5000)["incident"] is None  # "believed to have … fighters"


def test_no_title_names_a_country_it_does_not_know(briefing):
    assert all("None" not in i["title"] for i in briefing["incidents"])


@pytest.fixture(scope="module")
def figures() -> dict:
    reading = read_briefing(load_settings(ROOT), articles_dir=DATA).briefing
    return {(f.incident, f.category, f.group): f for f in reading.key_figures}


def test_a_partys_claim_of_its_own_kills_is_never_the_best_estimate(briefing, figures):
    (army_post,) = incidents_of(briefing, "menaka_army_post_2023")
    killed = figures[(army_post["id"], "killed", "security_forces")]
    assert (killed.best, killed.high) == (9, 30)  # "the group claimed to have killed 30 soldiers"


def test_a_countrys_name_is_the_country_never_a_village_spelled_like_it():
    load_index(load_settings(ROOT).cache_dir)
    gazetteer = Gazetteer(load_aliases(None, {"places": [{"name": "Samaliya", "country": "Niger"}]}))
    assert gazetteer.locate("Samaliya").country == "Niger"
    assert gazetteer.locate("Somalia").kind == "country"


def test_a_town_gazetteer_resolves_in_the_countries_the_article_names():
    load_index(load_settings(ROOT).cache_dir)
    gazetteer = Gazetteer(load_aliases(None))
    assert gazetteer.locate("Tripoli", ("Lebanon",)).country == "Lebanon"
    assert gazetteer.locate("Tripoli", ("Libya",)).country == "Libya"
    assert gazetteer.locate("Kula", ("Nigeria",)) is None  # GeoNames knows a Kula only in Turkey
    assert gazetteer.locate("Kula").country == "Turkey"


@pytest.mark.parametrize(
    ("article", "place", "country", "day"),
    [
        ("town_then_state", "Kenosha", "United States", "2021-03-12"),  # "in Kenosha, Wisconsin": the state holds it
        ("market_in_a_city", "Karachi", "Pakistan", "2022-11-15"),  # "Karachi's Empress Market": a site in it
        ("region_named_with_and", "Kupwara", "India", "2019-08-10"),  # "the Kupwara district of Jammu and Kashmir"
        ("missile_on_a_city", "Kryvyy Rih", "Ukraine", "2022-11-24"),  # "Kryvyi Rih, in central Ukraine's … region"
        ("suburb_of_a_city", "Kasarani", "Kenya", "2022-02-05"),  # "the Nairobi suburb of Kasarani": Nairobi holds it
        ("district_of_a_state", "Chatrā", "India", "2021-10-18"),  # "Chatra district of Jharkhand"
        ("province_of_a_region", "Kalinga", "Philippines", "2023-02-12"),  # "in Kalinga province of the Cordillera"
        ("shot_dead_only", "Choloma", "Honduras", "2023-06-24"),  # "Gunmen shot dead seven people"
        ("lake_named_after_a_country", "Lake Chad", "Niger", "2022-05-07"),  # "on Lake Chad", not in Chad
        ("name_then_adjective_then_region", "Lanao", "Philippines", "2023-03-06"),  # "the Lanao mountainous province"
        ("day_named_by_possessive", "Macomia", "Mozambique", "2021-05-08"),  # "the toll from Saturday's ambush"
        ("attacking_country_as_subject", "Afghanistan", "Afghanistan", "2024-03-18"),  # "Pakistan launched strikes"
        ("hyphenated_town", "Kalay-i-Nur", "Afghanistan", "2023-09-11"),  # not "Kalay", cut at its hyphens
        ("town_taken_for_an_adverb", "Toretsk", "Ukraine", "2023-05-08"),  # "shelled Toretsk": an adverb to spaCy
        ("village_near_a_city", "Ndimba", "Senegal", "2024-02-04"),  # "the village of Ndimba near Tambacounda"
    ],
)
def test_a_scene_and_the_places_named_to_say_where_it_lies_are_one_incident(briefing, article, place, country, day):
    (incident,) = incidents_of(briefing, article)
    assert (incident["location"], incident["country"], incident["date"]) == (place, country, day)
    assert all(c["incident"] == incident["id"] for c in claims_of(briefing, article))


def test_undated_reports_of_one_event_that_lead_with_its_toll_are_one_incident_and_a_later_one_apart(briefing):
    # Two undated reports name only the country (one by its people: "17 Nigerian soldiers");
    # a third, of an ambush a month later near a town, names the first toll in passing.
    (first,) = incidents_of(briefing, "ambush_country_only")
    assert set(first["articles"]) == {"ambush_country_only", "ambush_nationality_only"}
    (later,) = incidents_of(briefing, "ambush_weeks_later")
    assert later["id"] != first["id"] and later["location"] == "Damboa"
    assert claim_of(briefing, "ambush_weeks_later", 17)["incident"] is None  # "after a similar attack killed 17"


def test_a_figure_of_another_event_told_separately_in_another_town_is_context(briefing):
    # "Separately, two Cameroonian soldiers were killed … near Kumbo": the country, not the attack
    (incident,) = incidents_of(briefing, "separately_elsewhere")
    assert incident["location"] == "Bamenda"
    tied = {c["value"]: c["incident"] for c in claims_of(briefing, "separately_elsewhere")}
    assert tied == {6: incident["id"], 11: incident["id"], 2: None}


def test_a_when_clause_dates_the_event_and_a_tally_since_a_month_is_context(briefing):
    # "were killed … when Boko Haram fighters attacked an army post … late on Monday";
    # "At least 40 soldiers have been killed in jihadist attacks … since March"
    (incident,) = incidents_of(briefing, "when_clause_and_tally")
    assert (incident["location"], incident["date"]) == ("Ngouboua", "2023-10-23")
    tied = {c["value"]: c["incident"] for c in claims_of(briefing, "when_clause_and_tally")}
    assert tied == {6: incident["id"], 9: incident["id"], 40: None}
