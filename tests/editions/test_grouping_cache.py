"""The grouped incidents kept for the next build: read back as they were, or not at all."""

from __future__ import annotations

import datetime as dt

from generator.editions.grouping_cache import FILE, load_grouping, save_grouping
from generator.models import Claim, Incident

RAID = Incident(
    id="2024-03-09-kuriga-abduction",
    title="Abduction in Kuriga",
    date=dt.date(2024, 3, 9),
    country="Nigeria",
    location="Kuriga",
    kind="abduction",
    actors=("gunmen",),
    articles=("kuriga-1", "kuriga-2"),
    latitude=10.6,
    longitude=7.3,
)
PUPILS = Claim(
    article="kuriga-1",
    category="abducted",
    group="civilians",
    value=287,
    low=None,
    high=None,
    qualifier="at least",
    claimant="the school's head teacher",
    quote="at least 287 pupils were taken",
    start=120,
    end=123,
    incident=RAID.id,
)
GROUPED = ((RAID,), (PUPILS, PUPILS), (("kuriga-1", ("UNICEF",)),))
"""As a build keeps them: the incidents, the claims (one met twice), the organisations named."""


def test_what_a_build_kept_is_read_back_equal_and_shared_as_it_was(tmp_path):
    save_grouping(tmp_path, "key-1", GROUPED)

    incidents, claims, named = load_grouping(tmp_path, "key-1")

    assert (incidents, claims, named) == GROUPED
    assert claims[0] is claims[1]  # one claim, not two copies: pages compare claims by identity first
    assert incidents[0].date == dt.date(2024, 3, 9) and isinstance(incidents[0].actors, tuple)


def test_what_other_articles_made_is_not_read(tmp_path):
    save_grouping(tmp_path, "key-1", GROUPED)

    assert load_grouping(tmp_path, "key-2") is None


def test_a_damaged_file_is_not_read(tmp_path):
    save_grouping(tmp_path, "key-1", GROUPED)
    stored = tmp_path / FILE
    stored.write_bytes(stored.read_bytes().replace(b"Kuriga", b"Kurigb"))

    assert load_grouping(tmp_path, "key-1") is None


def test_nothing_but_the_briefing_records_is_stored(tmp_path):
    class Other:
        pass

    save_grouping(tmp_path, "key-1", (Other(),))

    assert not (tmp_path / FILE).exists()


def test_a_cache_folder_that_cannot_be_written_loses_nothing_but_time(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")

    save_grouping(blocked, "key-1", GROUPED)

    assert load_grouping(blocked, "key-1") is None
