"""The home page says what changed since the previous build: new incidents,
revised tolls, new reports; rebuilding the same articles says the same thing."""

from __future__ import annotations

import dataclasses

from generator.editions.changes import advance, compare, snapshot_of
from generator.editions.changes_file import load_history, save_history
from generator.site.pages import render_pages
from tests.render_fixtures import HOSTILE_INCIDENT, INCIDENT, sample_briefing


def without_hostile(briefing):
    return dataclasses.replace(
        briefing,
        incidents=tuple(i for i in briefing.incidents if i.id != HOSTILE_INCIDENT),
        key_figures=tuple(k for k in briefing.key_figures if k.incident != HOSTILE_INCIDENT),
    )


def with_revised_toll(briefing, best: int):
    figures = tuple(
        dataclasses.replace(k, best=best, high=max(best, k.high or 0))
        if k.incident == INCIDENT and k.category == "killed"
        else k
        for k in briefing.key_figures
    )
    return dataclasses.replace(briefing, key_figures=figures)


def test_a_first_build_calls_everything_new():
    changes = compare(None, snapshot_of(sample_briefing()))
    assert changes.first_build
    assert set(changes.new_incidents) == {INCIDENT, HOSTILE_INCIDENT}


def test_a_new_incident_and_a_revised_toll_are_reported():
    before = without_hostile(sample_briefing())
    after = with_revised_toll(sample_briefing(), best=31)
    changes = compare(snapshot_of(before), snapshot_of(after))
    assert changes.new_incidents == (HOSTILE_INCIDENT,)
    [revision] = changes.revisions
    assert (revision.incident, revision.category, revision.group) == (INCIDENT, "killed", "security_forces")
    assert revision.before[1] != 31 and revision.after[1] == 31
    assert not changes.gone_incidents


def test_an_incident_that_disappears_is_listed_as_gone():
    changes = compare(snapshot_of(sample_briefing()), snapshot_of(without_hostile(sample_briefing())))
    assert changes.gone_incidents == (HOSTILE_INCIDENT,)
    assert not changes.new_incidents


def test_rebuilding_the_same_articles_keeps_showing_the_last_changes(tmp_path):
    """A second build of the same input compares with the build before the last, so the
    home page does not flip to "nothing changed" (and its bytes stay the same)."""
    first, second = without_hostile(sample_briefing()), sample_briefing()
    history, previous = advance(load_history(tmp_path), snapshot_of(first))
    save_history(tmp_path, history)
    assert previous is None
    history, previous = advance(load_history(tmp_path), snapshot_of(second))
    save_history(tmp_path, history)
    once = compare(previous, snapshot_of(second))
    history, previous = advance(load_history(tmp_path), snapshot_of(second))
    again = compare(previous, snapshot_of(second))
    assert once == again
    assert once.new_incidents == (HOSTILE_INCIDENT,)


def test_a_damaged_history_counts_as_no_history(tmp_path):
    (tmp_path / "build-history.json").write_text('{"current": [1, 2', encoding="utf-8")
    assert load_history(tmp_path) is None
    (tmp_path / "build-history.json").write_text('["not", "a", "history"]', encoding="utf-8")
    assert load_history(tmp_path) is None


def test_the_home_page_lists_the_changes():
    before = without_hostile(sample_briefing())
    after = with_revised_toll(sample_briefing(), best=31)
    home = render_pages(after, compare(snapshot_of(before), snapshot_of(after)))["index.md"]
    changes = home.split("## What changed")[1].split("## Browse")[0]
    assert "<strong>New incidents</strong>" in changes
    assert "<strong>Revised figures</strong>" in changes
    assert "Security forces killed: 23–28, best 23 → 23–31, best 31" in changes
    first = render_pages(after)["index.md"]
    assert "This is the first build" in first
