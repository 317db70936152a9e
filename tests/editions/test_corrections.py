"""An editor corrects the machine in corrections.yml: merges, splits and renames
incidents, fixes or drops a claim, adds a spelling; whatever no longer applies
is reported, and a malformed file stops the build naming the file and entry."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.aliases import load_aliases
from generator.cli import cli
from generator.editions.corrections import CorrectionsError, alias_additions, load_corrections
from generator.editions.registry import Registry
from generator.models import Article, Briefing, Claim, Incident, TextSpan
from generator.pipeline import settle_incidents

DATA = Path(__file__).parent / "data"
HASAKAH = "2022-01-20-al-hasakah-prison-attack"
GWEIRAN = "2022-01-21-gweiran-prison-attack"
DIYALA = "2022-01-20-diyala-attack"
AZIM = "2022-01-22-al-azim-attack"
SOHR = "Syrian Observatory for Human Rights"


def article(article_id: str, published: str, title: str, body: str) -> Article:
    text = f"{title}\n\n{body}"
    return Article(
        id=article_id,
        path=f"seeds/{article_id}.txt",
        text=text,
        title=title,
        published=dt.date.fromisoformat(published),
        report=(TextSpan(0, len(title), "headline"), TextSpan(len(title) + 2, len(text))),
    )


def claim(of: Article, figure: str, words: str, incident: str | None, **fields) -> Claim:
    """The claim on ``figure``, first found after ``words`` in the article."""
    quote_start = of.text.index(words)
    start = of.text.index(figure, quote_start)
    values = {"category": "killed", "group": "security_forces", "qualifier": "exact", "claimant": None} | fields
    value = int(figure.split()[-1])
    return Claim(
        article=of.id,
        value=value,
        low=value,
        high=value,
        quote=of.text[quote_start : of.text.index(".", start) + 1],
        start=start,
        end=start + len(figure),
        number_text=figure,
        quote_start=quote_start,
        incident=incident,
        **values,
    )


def briefing() -> Briefing:
    """Five articles as the incidents stage left them: the Gweiran article as an incident of
    its own, the al-Azim follow-up inside the Diyala attack."""
    a0 = article(
        "000_hasakah",
        "2022-01-21",
        "Islamic State attacks prison in Hasakah",
        "At least 23 members of the Kurdish security forces were killed, the Syrian Observatory said. "
        "In 2019, 11 soldiers died in a similar attack.",
    )
    a1 = article(
        "001_hasakah_update",
        "2022-01-22",
        "Death toll rises in Hasakah prison siege",
        "The toll rose to 28, the Observatory said. Nearly 40 people were injured.",
    )
    a2 = article(
        "002_gweiran",
        "2022-01-21",
        "Fighting goes on at Gweiran prison",
        "Observatorio Sirio said 28 people were killed at Ghwayran. Another 28 were arrested.",
    )
    a3 = article("003_diyala", "2022-01-21", "Gunmen attack army post in Diyala", "Gunmen killed 11 soldiers.")
    a4 = article("004_azim", "2022-01-22", "Soldiers killed in al-Azim", "The 11 soldiers were killed in al-Azim.")
    claims = (
        claim(a0, "At least 23", "At least", HASAKAH, qualifier="at_least"),
        claim(a0, "11", "In 2019", None),
        claim(a1, "28", "The toll", HASAKAH),
        claim(a1, "Nearly 40", "Nearly", HASAKAH, category="injured", group="unspecified", qualifier="at_most"),
        claim(a2, "28", "Observatorio", GWEIRAN, group="unspecified", claimant=SOHR),
        claim(a2, "28", "Another", GWEIRAN, category="arrested", group="militants"),
        claim(a3, "11", "Gunmen killed", DIYALA),
        claim(a4, "11", "The 11", DIYALA),
    )
    incidents = (
        Incident(HASAKAH, "Prison attack in Al-Hasakah", dt.date(2022, 1, 20), "Syria", "Al-Hasakah",
                 "prison attack", ("Islamic State",), ("000_hasakah", "001_hasakah_update"), ("Hasakah",)),
        Incident(GWEIRAN, "Prison attack in Gweiran", dt.date(2022, 1, 21), "Syria", "Gweiran",
                 "prison attack", (), ("002_gweiran",), ("Gweiran",)),
        Incident(DIYALA, "Attack in Diyala", dt.date(2022, 1, 20), "Iraq", "Diyala",
                 "attack", (), ("003_diyala", "004_azim"), ("Diyala",)),
    )  # fmt: skip
    return Briefing(articles=(a0, a1, a2, a3, a4), claims=claims, incidents=incidents)


def corrected(name: str | Path, registry: Registry | None = None, source: Briefing | None = None):
    """One build's corrections and registry stages with a corrections file from tests/editions/data."""
    b = source or briefing()
    path = name if isinstance(name, Path) else DATA / name
    return settle_incidents(b.incidents, b.claims, b.articles, load_corrections(path), registry or Registry())


def shown(name: str) -> str:
    """How messages name a file of tests/editions/data (relative to the working folder)."""
    return load_corrections(DATA / "merge.yml").path.replace("merge.yml", name)


def published_before() -> Registry:
    """The registry as the site was first published, before any correction."""
    _, named = corrected(DATA / "no-such-file.yml")
    return named.registry


def incidents_of(named) -> dict[str, Incident]:
    return {i.id: i for i in named.incidents}


def claim_of(named, article_id: str, figure: str, words: str = "") -> Claim:
    (found,) = [c for c in named.claims if c.article == article_id and c.number_text == figure and words in c.quote]
    return found


def test_a_project_without_corrections_builds_as_before():
    fixes, named = corrected("no-such-file.yml")
    assert fixes.applied == fixes.unmatched == ()
    assert sorted(incidents_of(named)) == sorted([HASAKAH, GWEIRAN, DIYALA])


def test_merge_unites_articles_and_claims_and_the_second_address_redirects():
    fixes, named = corrected("merge.yml", published_before())

    assert fixes.unmatched == ()
    incidents = incidents_of(named)
    assert sorted(incidents) == sorted([HASAKAH, DIYALA])
    assert incidents[HASAKAH].articles == ("000_hasakah", "002_gweiran", "001_hasakah_update")  # oldest first
    assert {"Hasakah", "Gweiran"} <= set(incidents[HASAKAH].aliases)
    assert {c.incident for c in named.claims if c.article == "002_gweiran"} == {HASAKAH}
    assert named.registry.record(GWEIRAN).redirect_to == HASAKAH
    assert f"merged {GWEIRAN} into {HASAKAH}: the old address redirects" in named.messages


def test_the_first_incident_a_merge_names_keeps_its_address_even_with_fewer_articles():
    _, named = corrected("merge_second_listed_has_more_articles.yml", published_before())

    assert sorted(incidents_of(named)) == [DIYALA, GWEIRAN]
    assert named.registry.record(HASAKAH).redirect_to == GWEIRAN


def test_split_moves_articles_and_their_claims_to_a_new_incident_at_the_given_slug():
    fixes, named = corrected("split.yml", published_before())

    assert fixes.unmatched == ()
    incidents = incidents_of(named)
    assert incidents[DIYALA].articles == ("003_diyala",)
    azim = incidents[AZIM]
    assert (azim.title, azim.date, azim.location, azim.country) == (
        "Attack on an army post in al-Azim",
        dt.date(2022, 1, 22),
        "al-Azim",
        "Iraq",
    )
    assert azim.articles == ("004_azim",)
    assert claim_of(named, "004_azim", "11").incident == AZIM
    assert claim_of(named, "003_diyala", "11").incident == DIYALA
    assert f"new incident {AZIM}" in named.messages

    _, rebuilt = corrected("split.yml", named.registry)
    assert rebuilt.messages == (), "a rebuild with the same correction changes no address"
    assert sorted(incidents_of(rebuilt)) == sorted(incidents)


def test_rename_sets_title_date_and_place_but_keeps_the_address():
    fixes, named = corrected("rename.yml", published_before())

    assert fixes.applied == (f"{shown('rename.yml')} entry 1 (rename {DIYALA})",)
    diyala = incidents_of(named)[DIYALA]
    assert (diyala.title, diyala.date, diyala.location) == (
        "Attack on an army post in al-Azim",
        dt.date(2022, 1, 19),
        "al-Azim",
    )
    assert "al-Azim" in diyala.aliases
    assert f"{DIYALA} keeps its address: date 2022-01-20 → 2022-01-19, place Diyala → al-Azim" in named.messages


def test_a_correction_names_an_incident_by_its_published_slug_after_the_date_moved():
    """A later article moved the Diyala attack to the 21st: the incidents stage now
    proposes another slug, but the page, and the correction, keep the published one."""
    now = "2022-01-21-diyala-attack"
    before = briefing()
    moved = replace(
        before,
        claims=tuple(replace(c, incident=now) if c.incident == DIYALA else c for c in before.claims),
        incidents=tuple(
            replace(i, id=now, date=dt.date(2022, 1, 21)) if i.id == DIYALA else i for i in before.incidents
        ),
    )

    fixes, named = corrected("rename.yml", published_before(), source=moved)

    assert fixes.unmatched == ()
    assert incidents_of(named)[DIYALA].title == "Attack on an army post in al-Azim"


def test_fix_claim_finds_a_claim_by_figure_value_or_quote_and_sets_its_fields():
    fixes, named = corrected("fix_claim.yml", published_before())

    assert fixes.unmatched == ()
    assert claim_of(named, "001_hasakah_update", "Nearly 40").group == "civilians"
    arrested = claim_of(named, "002_gweiran", "28", "arrested")
    assert (arrested.value, arrested.qualifier, arrested.low, arrested.high, arrested.claimant) == (
        27,
        "at_least",
        27,
        None,
        SOHR,
    )
    context = claim_of(named, "000_hasakah", "11")
    assert context.incident == DIYALA
    assert "000_hasakah" in incidents_of(named)[DIYALA].articles


def test_fix_claim_by_the_anchor_in_its_link(tmp_path):
    target = claim_of(corrected("no-such-file.yml")[1], "003_diyala", "11")
    path = tmp_path / "corrections.yml"
    path.write_text(
        "corrections:\n"
        f"  - fix_claim: {{article: '003_diyala', anchor: '{target.anchor}'}}\n"
        "    set: {value: null, category: missing}\n",
        encoding="utf-8",
    )

    fixes, named = corrected(path)

    assert fixes.unmatched == ()
    fixed = claim_of(named, "003_diyala", "11")
    assert (fixed.category, fixed.value, fixed.low, fixed.high) == ("missing", None, 11, 11)


def test_drop_claim_removes_exactly_the_claim_named():
    fixes, named = corrected("drop_claim.yml")

    assert fixes.unmatched == ()
    assert [c.category for c in named.claims if c.article == "002_gweiran"] == ["killed"]
    assert len(named.claims) == len(briefing().claims) - 1


def test_alias_corrections_join_the_alias_table_before_extraction():
    corrections = load_corrections(DATA / "alias.yml")

    table = load_aliases(additions=alias_additions(corrections))

    assert table.organisation("Observatorio Sirio").name == SOHR
    assert table.organisation("OSDH").name == SOHR  # the shipped aliases are kept
    assert table.place("Ghwayran").name == "Al-Hasakah"
    fixes, _ = corrected("alias.yml")
    assert len(fixes.applied) == 2 and fixes.unmatched == (), "the articles use both spellings"


def test_every_correction_that_matches_nothing_is_reported_with_the_reason():
    fixes, named = corrected("matches_nothing.yml", published_before())
    reported = fixes.unmatched

    assert fixes.applied == ()
    assert [line.split(" (")[0] for line in reported] == [
        f"{shown('matches_nothing.yml')} entry {n}" for n in range(1, 7)
    ], "one line per entry, in file order"
    assert any("(rename 2021-06-01-nowhere-attack): no incident has the address" in r for r in reported)
    assert any("(merge " in r and "no incident has the address 2021-06-01-nowhere-attack" in r for r in reported)
    assert any("000_hasakah not among the articles of 2022-01-20-diyala-attack" in r for r in reported)
    assert any("no claim of 001_hasakah_update matches figure '41'; its claims: '28' killed" in r for r in reported)
    assert any("2 claims of 002_gweiran match" in r and "add 'anchor:' or 'quote:'" in r for r in reported)
    assert any("no article contains the spelling 'Hassakeh Central'" in r for r in reported)
    assert sorted(incidents_of(named)) == sorted([HASAKAH, GWEIRAN, DIYALA]), "nothing was changed"


def test_a_correction_naming_a_merged_address_says_where_its_articles_went(tmp_path):
    registry = corrected("merge.yml", published_before())[1].registry
    path = tmp_path / "corrections.yml"
    path.write_text(f"corrections:\n  - rename: {GWEIRAN}\n    title: Too late\n", encoding="utf-8")
    before = briefing()  # a later build in which the incidents stage itself joins the two
    merged = replace(
        before,
        claims=tuple(replace(c, incident=HASAKAH) if c.incident == GWEIRAN else c for c in before.claims),
        incidents=tuple(
            replace(i, articles=(*i.articles, "002_gweiran")) if i.id == HASAKAH else i
            for i in before.incidents
            if i.id != GWEIRAN
        ),
    )

    fixes, _ = corrected(path, registry, source=merged)

    assert fixes.unmatched == (
        f"{path} entry 1 (rename {GWEIRAN}): {GWEIRAN} no longer stands alone: its articles are in {HASAKAH}; "
        "name that instead",
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad_group.yml", "entry 2 (fix_claim): 'group' must be one of security_forces"),
        ("bad_no_kind.yml", "entry 1: needs exactly one of the keys merge, split, rename"),
        ("bad_two_kinds.yml", "entry 1: needs exactly one of the keys merge, split, rename, fix_claim, drop_claim, "
                              "alias, not merge, rename"),
        ("bad_unknown_key.yml", "entry 1 (rename): unknown key(s) colour"),
        ("bad_split_without_title.yml", "entry 1 (split): 'title' is required"),
        ("bad_claim_without_figure.yml", "entry 1 (drop_claim): 'drop_claim' needs 'figure', 'value' with"),
        ("bad_yaml.yml", "not valid YAML at line 3"),
    ],
)  # fmt: skip
def test_a_malformed_corrections_file_names_the_file_and_the_entry(name, message):
    with pytest.raises(CorrectionsError) as error:
        load_corrections(DATA / name)
    assert str(error.value).startswith(f"{shown(name)}: ")
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_the_command_stops_on_a_malformed_file_before_reading_any_article(project):
    (project / "corrections.yml").write_text((DATA / "bad_group.yml").read_text(), encoding="utf-8")

    result = CliRunner().invoke(cli, ["generate"], catch_exceptions=False)

    assert result.exit_code == 1
    assert result.stderr.startswith("Error: corrections.yml: entry 2 (fix_claim): 'group' must be one of")


def test_strict_fails_when_a_correction_matches_nothing(project):
    (project / "corrections.yml").write_text(
        "corrections:\n  - rename: 2021-06-01-nowhere-attack\n    title: Never published\n", encoding="utf-8"
    )

    result = CliRunner().invoke(cli, ["export", "seeds", "-o", "out.json", "--strict"], catch_exceptions=False)

    assert result.exit_code == 1
    assert "warning: corrections.yml entry 1 (rename 2021-06-01-nowhere-attack): no incident has the address" in (
        result.stderr
    )
    assert "--strict: 1 correction(s) matched nothing" in result.stderr
