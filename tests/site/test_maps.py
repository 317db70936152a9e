"""The maps drawn at build time: a country among its neighbours from Natural Earth's outlines,
its incidents marked over it, small, the same bytes every build, and nothing from elsewhere."""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

from generator.site.boundaries import country_named
from generator.site.map_pages import SiteMaps
from generator.site.maps import Mark, base_map, country_frame, marks_svg, points_frame
from generator.site.site_index import Site
from tests.render_fixtures import HOSTILE_INCIDENT, INCIDENT, SCRIPT, sample_briefing

SVG = "{http://www.w3.org/2000/svg}"


def located(**fields):
    """The sample briefing, its prison attack placed in Al-Hasakah (or as ``fields`` say)."""
    briefing = sample_briefing()
    values = {"latitude": 36.5024, "longitude": 40.7477, "place_kind": "city"} | fields
    incidents = tuple(dataclasses.replace(i, **values) if i.id == INCIDENT else i for i in briefing.incidents)
    return dataclasses.replace(briefing, incidents=incidents)


def test_a_countrys_map_frames_it_among_its_neighbours_and_names_them():
    syria = country_named("Syria")
    frame = country_frame(syria)
    assert frame.contains(40.75, 36.5)  # Al-Hasakah
    assert frame.contains(36.3, 33.5) and not frame.contains(44.4, 33.3)  # Damascus; Baghdad lies beyond
    svg = base_map(frame, title="Syria and its neighbours", focus=syria.iso3)
    root = ET.fromstring(svg)
    names = [t.text for t in root.iter(f"{SVG}text")]
    assert "Syria" in names and {"Turkey", "Iraq", "Lebanon"} <= set(names)
    assert len(root.findall(f"{SVG}path[@class='land focus']")) == 1
    assert len(svg) < 8_000, "a locator map is a few kilobytes"


def test_a_large_country_is_framed_by_its_main_landmass_not_its_islands():
    frame = country_frame(country_named("United States"))
    assert frame.contains(-97.7, 30.3)  # Austin
    assert not frame.contains(-157.9, 21.3)  # Honolulu is left out rather than shrinking the rest


def test_outlines_are_cut_at_the_frame_so_no_point_lies_far_outside():
    frame = country_frame(country_named("Nigeria"))
    svg = base_map(frame, title="Nigeria", focus="NGA")
    xs = [float(x) for x in re.findall(r"[ML](-?[\d.]+) -?[\d.]+", svg)]
    ys = [float(y) for y in re.findall(r"[ML]-?[\d.]+ (-?[\d.]+)", svg)]
    assert min(xs) > -frame.width * 0.05 and max(xs) < frame.width * 1.05
    assert min(ys) > -frame.height * 0.05 and max(ys) < frame.height * 1.05


def test_marks_are_linked_escaped_and_those_outside_the_frame_left_out():
    frame = country_frame(country_named("Syria"))
    marks = [
        Mark(40.75, 36.5, "../incidents/x/", f"Al-Hasakah {SCRIPT}", count=3),
        Mark(44.4, 33.3, "../incidents/y/", "Baghdad"),
        Mark(38.0, 35.0, "", "Somewhere in the province", precise=False),
    ]
    svg = marks_svg(frame, marks, label="Where")
    assert "<script" not in svg and "&lt;script&gt;" in svg
    root = ET.fromstring(svg)  # inline in the page's HTML: no namespace of its own
    assert [a.get("href") for a in root.findall("a")] == ["../incidents/x/"]
    assert "Baghdad" not in svg
    assert len(root.findall(".//circle[@class='mark area']")) == 1  # a province is a ring, not a dot
    x, y = frame.xy(40.75, 36.5)
    assert 0 < x < frame.width and 0 < y < frame.height


def test_an_overview_takes_in_every_place_and_at_least_a_region():
    frame = points_frame([(40.7, 36.5), (45.0, 33.8)])
    assert frame.contains(40.7, 36.5) and frame.contains(45.0, 33.8)
    assert frame.east - frame.west >= 12 and frame.height <= frame.width * 0.75 + 1
    assert points_frame([]) is None


def test_a_site_writes_one_base_map_per_country_and_the_overview_and_the_same_bytes_twice():
    briefing = located()
    maps = SiteMaps(Site(briefing))
    files = maps.files()
    assert sorted(files) == ["maps/overview.svg", "maps/syr.svg"]
    assert SiteMaps(Site(briefing)).files() == files
    for svg in files.values():
        assert not re.search(r"(?:href|src)=\"(?:https?:)?//", svg)  # nothing from another host
        ET.fromstring(svg)
    incident = next(i for i in briefing.incidents if i.id == INCIDENT)
    locator = maps.locator(incident, f"incidents/{INCIDENT}.md")
    assert 'src="../../maps/syr.svg"' in locator and "OpenStreetMap" in locator
    assert maps.locator(next(i for i in briefing.incidents if i.id == HOSTILE_INCIDENT), "incidents/h.md") is None
    overview = maps.overview("index.md")
    assert 'src="maps/overview.svg"' in overview and f'href="incidents/{INCIDENT}/"' in overview


def test_without_a_located_incident_there_is_no_map():
    maps = SiteMaps(Site(located(latitude=None, longitude=None)))
    assert maps.files() == {} and maps.overview("index.md") is None
