"""Incident addresses never break: a slug, once published, keeps naming its
incident across rebuilds, and an address that no longer stands alone redirects."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from generator.editions import registry_file
from generator.editions.registry import Record, Registry, assign_slugs
from generator.editions.registry_file import (
    HEADER,
    RegistryError,
    dump_registry,
    load_registry,
    redirect_maps,
    write_registry,
)
from generator.models import Claim, Incident
from generator.site.render import render_site
from tests.conftest import inheriting_config
from tests.render_fixtures import INCIDENT, sample_briefing
from tests.site.test_render import copy_hand_written_docs

ROOT = Path(__file__).resolve().parents[2]
HASAKAH = "2022-01-20-al-hasakah-prison-attack"
GWEIRAN = "2022-01-21-gweiran-prison-attack"


def incident(slug: str, *articles: str, date: str = "2022-01-20", location: str = "Al-Hasakah") -> Incident:
    """An incident as the incidents stage proposes it: ``slug`` is its proposed id."""
    return Incident(
        id=slug,
        title=f"Prison attack in {location}",
        date=dt.date.fromisoformat(date),
        country="Syria",
        location=location,
        kind="prison attack",
        articles=articles,
    )


def claim(article: str, incident_id: str | None) -> Claim:
    return Claim(article, "killed", "unspecified", 5, 5, 5, "exact", None, "5 died.", 0, 1, "5", 0, incident_id)


def published(*incidents: Incident, registry: Registry | None = None):
    """One build's registry stage over ``incidents``, each with one claim per article."""
    claims = [claim(a, i.id) for i in incidents for a in i.articles]
    return assign_slugs(incidents, claims, registry or Registry())


def test_a_slug_survives_a_rebuild_that_adds_an_article_and_moves_the_date():
    first = published(incident(HASAKAH, "a1", "a2"))
    assert first.messages == (f"new incident {HASAKAH}",)

    later = incident("2022-01-21-al-hasakah-prison-attack", "a1", "a2", "a3", date="2022-01-21")
    second = published(later, registry=first.registry)

    assert [i.id for i in second.incidents] == [HASAKAH]
    assert {c.incident for c in second.claims} == {HASAKAH}
    assert second.messages == (f"{HASAKAH} keeps its address: date 2022-01-20 → 2022-01-21",)
    record = second.registry.record(HASAKAH)
    assert record.date == dt.date(2022, 1, 21) and record.articles == ("a1", "a2", "a3")
    assert redirect_maps(second.registry) == {}


def test_a_new_incident_gets_a_fresh_slug_never_used_before():
    gone = Record(HASAKAH, dt.date(2022, 1, 20), "Syria", "Kabul", "attack", ("old1",), retired=True)
    merged = Record(GWEIRAN, dt.date(2022, 1, 21), "Syria", "Gweiran", "attack", ("old2",), redirect_to=HASAKAH + "-9")
    registry = Registry((gone, merged, Record(HASAKAH + "-9", articles=("old2",))))

    result = published(incident(HASAKAH, "n1"), incident(GWEIRAN, "n2", location="Mosul"), registry=registry)

    assert sorted(i.id for i in result.incidents) == [HASAKAH + "-2", GWEIRAN + "-2"]
    assert f"new incident {HASAKAH}-2 ({HASAKAH} was already the address of an earlier incident)" in result.messages


def test_two_incidents_that_become_one_leave_a_redirect_and_say_so():
    before = published(incident(HASAKAH, "a1", "a2"), incident(GWEIRAN, "b1", date="2022-01-21", location="Gweiran"))

    after = published(incident("2022-01-20-al-hasakah-prison-attack", "a1", "a2", "b1"), registry=before.registry)

    assert [i.id for i in after.incidents] == [HASAKAH]
    assert after.registry.record(GWEIRAN).redirect_to == HASAKAH
    assert f"merged {GWEIRAN} into {HASAKAH}: the old address redirects" in after.messages
    assert redirect_maps(after.registry) == {f"incidents/{GWEIRAN}.md": f"incidents/{HASAKAH}.md"}


def test_on_a_tie_the_older_slug_keeps_its_address():
    before = published(incident(GWEIRAN, "b1", date="2022-01-21"), incident(HASAKAH, "a1"))

    after = published(incident("2022-01-22-al-hasakah-prison-attack", "b1", "a1"), registry=before.registry)

    assert [i.id for i in after.incidents] == [HASAKAH]  # 2022-01-20 sorts before 2022-01-21
    assert after.registry.record(GWEIRAN).redirect_to == HASAKAH


def test_the_pairing_that_shares_most_articles_wins_over_the_first_best_match():
    """X shares 3 articles with A and 2 with B; Y shares 2 with A only: X→B, Y→A shares 4 in all."""
    registry = published(incident("a", "a1", "a2", "a3", "a4", "a5"), incident("b", "b1", "b2")).registry

    after = published(incident("x", "a1", "a2", "a3", "b1", "b2"), incident("y", "a4", "a5"), registry=registry)

    assert after.slug_of == {"x": "b", "y": "a"}


def test_two_incidents_reported_by_the_same_articles_do_not_swap_addresses():
    """Roundup articles report both the Hasakah attack and the Diyala one: sharing
    every article, each keeps its own slug by place, whatever the new slugs say."""
    diyala = "2022-01-21-diyala-attack"
    both = ("a1", "a2", "a3")
    before = published(incident(HASAKAH, *both), incident(diyala, *both, date="2022-01-21", location="Diyala"))

    after = published(
        incident("2022-01-22-al-hasakah-prison-attack", *both, date="2022-01-22"),
        incident("2022-01-19-diyala-attack", *both, date="2022-01-19", location="Diyala"),
        registry=before.registry,
    )

    assert after.slug_of == {"2022-01-22-al-hasakah-prison-attack": HASAKAH, "2022-01-19-diyala-attack": diyala}


def test_a_vanished_incident_is_retired_and_its_address_leads_home():
    before = published(incident(HASAKAH, "a1"))

    after = published(incident("2023-05-01-mosul-bombing", "z1", location="Mosul"), registry=before.registry)

    record = after.registry.record(HASAKAH)
    assert record.retired and record.redirect_to is None and record.articles == ("a1",)
    assert any(m.startswith(f"retired {HASAKAH}: no incident has its articles") for m in after.messages)
    assert redirect_maps(after.registry) == {f"incidents/{HASAKAH}.md": "index.md"}


def test_a_retired_incident_whose_articles_return_is_restored():
    elsewhere = incident("2023-05-01-mosul-bombing", "z1", location="Mosul")
    retired = published(elsewhere, registry=published(incident(HASAKAH, "a1")).registry).registry

    back = published(incident("2022-01-22-al-hasakah-prison-attack", "a1", "a9"), registry=retired)

    assert back.slug_of["2022-01-22-al-hasakah-prison-attack"] == HASAKAH
    assert back.registry.record(HASAKAH).live
    assert any(m.startswith(f"restored {HASAKAH}") for m in back.messages)


def test_an_incident_whose_articles_were_all_replaced_keeps_its_slug_by_place_and_date():
    before = published(incident(HASAKAH, "a1"))

    after = published(
        incident("2022-01-22-al-hasakah-prison-attack", "n1", date="2022-01-22"), registry=before.registry
    )

    assert [i.id for i in after.incidents] == [HASAKAH]
    too_late = published(
        incident("2022-01-24-al-hasakah-prison-attack", "n1", date="2022-01-24"), registry=before.registry
    )
    assert [i.id for i in too_late.incidents] == ["2022-01-24-al-hasakah-prison-attack"]


def test_redirects_never_chain_when_the_target_is_merged_again():
    first = published(incident("b", "b1"), incident("a", "a1", "a2"))
    second = published(incident("a", "a1", "a2", "b1"), incident("c", "c1", "c2", "c3", "c4"), registry=first.registry)
    assert second.registry.record("b").redirect_to == "a"

    third = published(incident("c", "a1", "a2", "b1", "c1", "c2", "c3", "c4"), registry=second.registry)

    assert {r.slug: r.redirect_to for r in third.registry.records} == {"a": "c", "b": "c", "c": None}
    assert "b now redirects to c, which has its articles" in third.messages


def test_the_registry_file_is_byte_stable(tmp_path):
    incidents = (incident(HASAKAH, "a2", "a1"), incident(GWEIRAN, "b1", date="2022-01-21", location="Gweiran"))
    text = dump_registry(published(*incidents).registry)

    assert text == dump_registry(published(*reversed(incidents)).registry)
    assert text.startswith(HEADER)
    path = tmp_path / "incidents.yml"
    assert write_registry(load_registry_of(text, tmp_path), path)
    assert path.read_text(encoding="utf-8") == text
    rebuilt = published(*incidents, registry=load_registry(path))
    assert rebuilt.messages == ()
    assert not write_registry(rebuilt.registry, path), "a rebuild of the same articles must not touch the file"
    assert "- a1\n    - a2\n" in text and "date: 2022-01-20\n" in text


def test_a_registry_read_or_written_before_is_taken_from_the_cache_until_an_editor_changes_it(tmp_path, monkeypatch):
    incidents = (incident(HASAKAH, "a2", "a1"), incident(GWEIRAN, "b1", date="2022-01-21", location="Gweiran"))
    registry = published(*incidents).registry
    path, cache = tmp_path / "incidents.yml", tmp_path / "cache"
    write_registry(registry, path, cache)

    def no_yaml(text: str) -> object:
        raise AssertionError("read as YAML again")

    with monkeypatch.context() as patched:
        patched.setattr(registry_file, "_load_yaml", no_yaml)
        assert load_registry(path, cache) == registry  # the bytes the build wrote

    # An editor's change is read from the file, and checked as any file is.
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2022-01-21", "date: soon"), encoding="utf-8")
    with pytest.raises(RegistryError, match="not a day"):
        load_registry(path, cache)
    path.write_text(path.read_text(encoding="utf-8").replace("date: soon", "date: 2022-01-22"), encoding="utf-8")
    assert [r.date for r in load_registry(path, cache).records] == [dt.date(2022, 1, 20), dt.date(2022, 1, 22)]

    # A damaged cache is no loss.
    stored = cache / "registry.marshal"
    stored.write_bytes(stored.read_bytes()[:-9] + b"truncated")
    assert load_registry(path, cache) == load_registry(path)


def load_registry_of(text: str, folder: Path) -> Registry:
    path = folder / "read.yml"
    path.write_text(text, encoding="utf-8")
    return load_registry(path)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("incidents:\n  x-attack: {redirect_to: y-attack}\n", "'x-attack': redirect_to 'y-attack'"),
        ("incidents:\n  x-attack: {articles: [1]}\n", "quote ids"),
        ("incidents:\n  x-attack: {colour: red}\n", "unknown key(s) colour"),
        ("incidents:\n  x-attack: {date: soon}\n", "not a day"),
        ("incidents: [unclosed\n", "cannot be read as YAML"),
    ],
)
def test_a_broken_registry_file_names_the_file_and_the_entry(tmp_path, text, message):
    (tmp_path / "incidents.yml").write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError, match=r"incidents\.yml") as error:
        load_registry(tmp_path / "incidents.yml")
    assert message in str(error.value)


def test_mkdocs_build_writes_a_redirect_page_at_the_old_address(tmp_path):
    """A real ``mkdocs build --strict`` with the briefings and redirects plugins of mkdocs.yml."""
    old, retired = "2022-01-19-hasakah-prison-attack", "2021-12-01-mosul-attack"
    briefing = sample_briefing()
    copy_hand_written_docs(tmp_path / "docs")
    render_site(briefing, tmp_path / "docs")
    records = [Record(i.id, i.date, i.country, i.location, i.kind, i.articles) for i in briefing.incidents]
    records += [Record(old, articles=("000_hasakah",), redirect_to=INCIDENT), Record(retired, retired=True)]
    write_registry(Registry(tuple(records)), tmp_path / "incidents.yml")
    config = inheriting_config(tmp_path, ["search", "briefings", "redirects"])

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )

    assert build.returncode == 0, f"mkdocs build --strict failed:\n{build.stderr}"
    site = tmp_path / "site"
    redirect = (site / "incidents" / old / "index.html").read_text(encoding="utf-8")
    assert f'<meta http-equiv="refresh" content="0; url=../{INCIDENT}/">' in redirect
    assert (site / "incidents" / old / f"../{INCIDENT}/index.html").resolve().is_file()
    home = (site / "incidents" / retired / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../../"' in home


def test_generate_writes_the_registry_and_export_leaves_the_project_alone(project):
    runner = CliRunner()
    result = runner.invoke(cli, ["generate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    registry = load_registry(project / "incidents.yml")
    assert registry.records and all(r.live for r in registry.records)
    assert "new incident " in result.output
    written = (project / "incidents.yml").read_bytes()

    again = runner.invoke(cli, ["generate"], catch_exceptions=False)
    assert "new incident" not in again.output
    assert (project / "incidents.yml").read_bytes() == written

    (project / "incidents.yml").unlink()
    exported = runner.invoke(cli, ["export", "seeds", "-o", "out.json"], catch_exceptions=False)
    assert exported.exit_code == 0, exported.output
    assert not (project / "incidents.yml").exists()
