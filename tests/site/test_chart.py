"""The toll chart on an incident page: how each figure moved from report to report."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

from generator.models import Claim, KeyFigure
from generator.site.chart import toll_chart

SVG = "{http://www.w3.org/2000/svg}"
TITLE = "How the tolls of Prison attack in Al-Hasakah evolved"
PUBLISHED = {"a": dt.date(2022, 1, 21), "b": dt.date(2022, 1, 22), "c": dt.date(2022, 1, 24), "undated": None}


def claim(article: str, value: int | None, qualifier: str = "exact", low: int | None = None,
          high: int | None = None, claimant: str | None = None) -> Claim:  # fmt: skip
    """A claim on security forces killed; an exact figure unless told otherwise."""
    low = value if low is None else low
    high = value if high is None and qualifier == "exact" else high
    return Claim(article=article, category="killed", group="security_forces", value=value, low=low, high=high,
                 qualifier=qualifier, claimant=claimant, quote="", start=0, end=2)  # fmt: skip


def figure(*claims: Claim, category: str = "killed", group: str = "security_forces") -> KeyFigure:
    return KeyFigure(incident="2022-01-20-x-attack", category=category, group=group, low=None, best=None,
                     high=None, latest=claims[-1] if claims else None, conflict=False, claims=claims)  # fmt: skip


def rising_toll() -> KeyFigure:
    return figure(claim("a", 20, "at_least", claimant="Syrian Observatory"), claim("b", 28))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def series_points(root: ET.Element) -> list[list[tuple[float, float]]]:
    """The drawn lines, one list of (x, y) per series."""
    return [
        [tuple(float(n) for n in pair.split(",")) for pair in line.get("points").split()]
        for line in root.iter(f"{SVG}polyline")
    ]


def test_a_single_report_has_no_evolution_to_chart():
    assert toll_chart([figure(claim("a", 20))], PUBLISHED, title=TITLE) is None


def test_two_claims_of_one_article_are_still_one_report():
    assert toll_chart([figure(claim("a", 20), claim("a", 23))], PUBLISHED, title=TITLE) is None


def test_undated_reports_and_unstated_numbers_are_not_charted():
    undated = figure(claim("a", 20), claim("undated", 28))
    vague = figure(claim("a", 20), claim("b", None, "approx", low=None))
    assert toll_chart([undated, vague], PUBLISHED, title=TITLE) is None
    assert toll_chart([], PUBLISHED, title=TITLE) is None


def test_a_vague_amount_is_charted_at_its_low_end():
    dozens = claim("b", None, "approx", low=24, high=99)
    svg = toll_chart([figure(claim("a", 20), dozens)], PUBLISHED, title=TITLE)
    assert svg is not None
    ((first, second),) = series_points(parse(svg))
    assert second[1] < first[1]  # 24 sits higher than 20


def test_toll_rising_across_reports_draws_one_line_of_two_points_labelled_in_words():
    svg = toll_chart([rising_toll()], PUBLISHED, title=TITLE)
    assert svg is not None and svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" ')
    root = parse(svg)
    ((first, second),) = series_points(root)
    assert first[0] < second[0], "the later report sits to the right"
    assert second[1] < first[1], "the higher toll sits higher"
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert "Security forces killed" in legend
    assert "Jan 21" in legend and "Jan 22" in legend


def test_chart_says_in_words_what_it_shows():
    root = parse(toll_chart([rising_toll()], PUBLISHED, title=TITLE))
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.text == TITLE and root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert desc.text.startswith("Security forces killed: at least 20 (2022-01-21")
    assert "→ 28 (2022-01-22)" in desc.text
    assert "not drawn" not in desc.text


def test_chart_scales_with_the_page_and_stands_alone():
    svg = toll_chart([rising_toll()], PUBLISHED, title=TITLE)
    root = parse(svg)
    assert root.get("viewBox") == "0 0 640 280" and root.get("width") == "100%"
    assert root.find(f"{SVG}style") is not None
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert "href" not in svg and "@import" not in svg
    assert len(svg) < 6000


def test_hostile_title_and_claimant_are_escaped_and_the_chart_still_parses():
    hostile = '<script>alert(1)</script> & "quoted" \x07<img src=x onerror=alert(2)>'
    toll = figure(claim("a", 20, claimant=hostile), claim("b", 28, claimant="<i>x</i>"))
    svg = toll_chart([toll], PUBLISHED, title=hostile)
    root = parse(svg)
    assert "<script" not in svg and "<img" not in svg
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert not [name for e in root.iter() for name in e.attrib if name.lower().startswith("on")]
    assert root.find(f"{SVG}title").text == hostile.replace("\x07", "")


def test_the_same_figures_give_the_same_bytes():
    figures = [rising_toll(), figure(claim("a", 3), claim("c", 9), category="injured", group="civilians")]
    assert toll_chart(figures, dict(PUBLISHED), title=TITLE) == toll_chart(list(figures), PUBLISHED, title=TITLE)


def test_a_range_shows_as_a_bar_and_an_at_least_as_an_arrow():
    svg = toll_chart([figure(claim("a", 20, "at_least"), claim("b", 30, "approx", 25, 35))], PUBLISHED, title=TITLE)
    root = parse(svg)
    paths = [p.get("d") for p in root.iter(f"{SVG}path")]
    assert len(paths) == 2, "one arrow for 'at least 20', one bar for '25–35'"
    (bar,) = [d for d in paths if "h6" in d]
    bottom, top = (float(y) for y in re.match(r"M[\d.]+ ([\d.]+)V([\d.]+)", bar).groups())
    ((_, (_, at_30)),) = series_points(root)
    assert top < at_30 < bottom, "the bar spans 25 to 35 around the point at 30"
    assert "bar: range given" in svg and "arrow: at least" in svg


def test_the_count_axis_reaches_past_the_largest_figure():
    svg = toll_chart([figure(claim("a", 20), claim("b", 1234, "approx", 1100, 1380))], PUBLISHED, title=TITLE)
    labels = [t.text for t in parse(svg).iter(f"{SVG}text") if t.get("text-anchor") == "end"]
    counts = [int(label.replace(",", "")) for label in labels]
    assert counts[0] == 0 and counts == sorted(counts)
    assert counts[-1] >= 1380
    assert "1,500" in labels, "counts carry thousands separators"


def test_reports_of_one_day_are_spread_out_not_stacked():
    one_day = {"a": dt.date(2022, 1, 22), "b": dt.date(2022, 1, 22)}
    root = parse(toll_chart([rising_toll()], one_day, title=TITLE))
    ((first, second),) = series_points(root)
    assert second[0] - first[0] > 100
    assert "All reported Jan 22, 2022" in [t.text for t in root.iter(f"{SVG}text")]


def test_more_than_six_figures_keep_the_first_six():
    groups = ("security_forces", "militants", "civilians", "unspecified")
    figures = [
        figure(claim("a", 1 + i), claim("b", 2 + i), category=category, group=group)
        for i, (category, group) in enumerate((c, g) for c in ("killed", "injured") for g in groups)
    ]
    root = parse(toll_chart(figures, PUBLISHED, title=TITLE))
    assert len(series_points(root)) == 6
    legend = [t.text for t in root.iter(f"{SVG}text")]
    assert "Militants injured" in legend
    assert "Civilians injured" not in legend and "People injured" not in legend
    assert "2 more figures not drawn." in root.find(f"{SVG}desc").text


def test_reports_of_one_day_among_other_days_are_side_by_side_in_their_order():
    """23, then 20 and 28 the next day, reads as a dip and a rise, not as 28 alone over 20."""
    toll = figure(claim("a", 23, "at_least"), claim("b", 20), claim("c", 28))
    published = {"a": dt.date(2022, 1, 21), "b": dt.date(2022, 1, 22), "c": dt.date(2022, 1, 22)}
    ((first, second, third),) = series_points(parse(toll_chart([toll], published, title=TITLE)))
    assert first[0] < second[0] < third[0]
    assert third[0] - second[0] >= 10
    assert third[1] < first[1] < second[1]  # SVG y grows downwards: 28 above 23 above 20
