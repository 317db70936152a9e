"""Articles written to do harm, or just strange: each is read safely or refused with one
line naming the file and the fix, never a traceback, and the build goes on for the others.

One test per case of issue 13; the small input files are under ``tests/data/hostile/``,
named after the case, and what a committed file cannot hold (links, odd names, a
megabyte line) is made in ``tmp_path``.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from pathlib import Path

import pytest

from generator.aliases import load_aliases
from generator.incidents.clustering import build_incidents
from generator.incidents.gazetteer import Gazetteer
from generator.models import Article, Briefing, Claim, EventMention, Extraction, TextSpan
from generator.pipeline import export
from generator.read.article import MAX_SPAN_CHARS
from generator.read.files import MAX_STEM_BYTES, ingest
from generator.settings import load_settings
from generator.site.markdown_text import BIDI_CONTROLS
from generator.site.pages import render_pages

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = Path(__file__).parent / "data" / "hostile"
GOOD = "Gunmen killed five villagers in Tillaberi on Tuesday, the army said.\n"


def folder_with(tmp_path: Path, *cases: str) -> Path:
    """An articles folder holding one ordinary article and the named files of ``tests/data/hostile``."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ordinary.txt").write_text(GOOD, encoding="utf-8")
    for case in cases:
        shutil.copy(HOSTILE / case, folder / case)
    return folder


def reason_for(result, name: str) -> str:
    """The one line the build report gives for the skipped file ``name``."""
    (skipped,) = [s for s in result.skipped if s.path.endswith("/" + name)]
    assert skipped.severity == "error"
    line = f"{skipped.path}: {skipped.reason}"
    assert "\n" not in line and len(line) < 400
    return line


def ids(result) -> list[str]:
    return [a.id for a in result.articles]


# --- 2. symbolic links ---------------------------------------------------------------------------


def test_a_link_leading_out_of_the_articles_folder_is_not_read(tmp_path):
    secret = tmp_path / "config"
    secret.write_text("[remote]\ntoken = ghp_secret\n", encoding="utf-8")
    folder = folder_with(tmp_path)
    os.symlink(secret, folder / "git_config.txt")
    os.symlink("../config", folder / "relative.txt")
    os.symlink("/etc/passwd", folder / "passwd.txt")
    result = ingest(folder)
    assert ids(result) == ["ordinary"]
    for name in ("git_config.txt", "relative.txt", "passwd.txt"):
        assert "a symbolic link that leads out of the articles folder: not read" in reason_for(result, name)
    assert not any("ghp_secret" in a.text or "root:" in a.text for a in result.articles)


def test_a_link_to_another_article_inside_the_folder_is_read_as_a_duplicate(tmp_path):
    folder = folder_with(tmp_path)
    os.symlink("ordinary.txt", folder / "same_story.txt")
    result = ingest(folder)
    assert ids(result) == ["ordinary"]
    assert [(s.path, s.severity) for s in result.skipped] == [("articles/same_story.txt", "note")]


# --- 3. YAML alias bombs -------------------------------------------------------------------------


def test_an_alias_bomb_in_front_matter_is_refused_at_once(tmp_path):
    folder = folder_with(tmp_path, "alias_bomb_in_front_matter.md")
    clock = time.perf_counter()
    result = ingest(folder)
    assert time.perf_counter() - clock < 5  # it expanded to 387 million items while the message was made
    assert ids(result) == ["ordinary"]
    line = reason_for(result, "alias_bomb_in_front_matter.md")
    assert "front matter is not valid YAML (line 2): anchors and aliases (&name, *name) are not allowed" in line


def test_a_huge_front_matter_value_is_cut_short_in_the_message(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "long_url.md").write_text(f"---\nurl: ftp://{'x' * 100_000}\n---\n{GOOD}", encoding="utf-8")
    line = reason_for(ingest(folder), "long_url.md")
    assert "'url' must be a web address starting with https://" in line


# --- 4. one long paragraph -------------------------------------------------------------------------


def long_paragraph(chars: int) -> str:
    """One line of distinct report sentences, ``chars`` long, as a page saved without line breaks."""
    sentences, n = [], 0
    while sum(len(s) + 1 for s in sentences) < chars:
        n += 1
        sentences.append(f"Officials in district {n} said gunmen had killed {n % 40 + 2} people there.")
    return " ".join(sentences)[:chars].rsplit(" ", 1)[0] + "."


def test_a_paragraph_of_a_million_characters_is_read_in_bounded_spans(tmp_path):
    folder = folder_with(tmp_path)
    text = long_paragraph(1_200_000)  # spaCy refuses a text over 1,000,000 characters (E088)
    (folder / "one_line.txt").write_text(f"Gunmen attack villages\n{text}\n", encoding="utf-8")
    result = ingest(folder)
    (article,) = [a for a in result.articles if a.id == "one_line"]
    paragraphs = [s for s in article.report if s.kind == "paragraph"]
    assert len(paragraphs) > 100 and all(s.end - s.start <= MAX_SPAN_CHARS for s in paragraphs)
    # Cut at sentence ends, and nothing of the text lost between the pieces.
    assert all(article.text[s.end - 1] == "." for s in paragraphs)
    assert " ".join(article.text[s.start : s.end] for s in paragraphs) == text


def test_figures_are_read_from_the_start_and_the_end_of_a_very_long_paragraph(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    text = long_paragraph(3 * MAX_SPAN_CHARS)
    first = "Gunmen killed 17 soldiers in Bama on Monday, the army said."
    last = "Separately, 23 civilians were abducted near Gwoza, residents said."
    (folder / "one_line.txt").write_text(f"{first} {text} {last}\n", encoding="utf-8")
    data = export(load_settings(ROOT), folder)
    values = {c.value for c in data.briefing.claims}
    assert {17, 23} <= values


# --- 6. extreme publication dates ----------------------------------------------------------------


def test_a_publication_date_in_year_9999_is_refused_naming_the_file(tmp_path):
    folder = folder_with(tmp_path, "published_on_9999_12_31_with_a_weekday.md")
    result = ingest(folder)
    line = reason_for(result, "published_on_9999_12_31_with_a_weekday.md")
    assert "front matter: 'published' 9999-12-31 is in the future: correct the publication date" in line
    assert ids(result) == ["ordinary"]


def test_a_publication_date_in_year_one_is_refused(tmp_path):
    folder = folder_with(tmp_path, "published_on_0001_01_01.md")
    line = reason_for(ingest(folder), "published_on_0001_01_01.md")
    assert "'published' 0001-01-01 is before 1900" in line


def test_a_day_in_year_one_named_in_the_text_dates_nothing_and_crashes_nothing(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    shutil.copy(HOSTILE / "day_in_year_one_in_the_text.txt", folder)
    data = export(load_settings(ROOT), folder)
    assert data.briefing.articles[0].published == dt.date(2024, 6, 14)
    assert all(i.date is None or i.date.year >= 1900 for i in data.briefing.incidents)


# --- 7. file names -------------------------------------------------------------------------------


def test_a_file_name_too_long_for_its_page_is_named_and_skipped(tmp_path):
    folder = folder_with(tmp_path)
    name = "a" * 248 + ".txt"
    (folder / name).write_text(GOOD.replace("five", "six"), encoding="utf-8")
    line = reason_for(ingest(folder), name)
    assert f"the file name is too long (248 bytes before the extension; at most {MAX_STEM_BYTES}): rename" in line


def test_a_backslash_in_a_file_name_is_named_and_skipped(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "back\\slash.txt").write_text(GOOD.replace("five", "six"), encoding="utf-8")
    line = reason_for(ingest(folder), "back\\slash.txt")
    assert "the file name holds a backslash" in line and "rename the file" in line


def test_a_file_name_that_is_not_utf8_is_named_printably_and_skipped(tmp_path):
    folder = folder_with(tmp_path)
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "w", encoding="utf-8") as file:
        file.write(GOOD.replace("five", "six"))
    result = ingest(folder)
    line = reason_for(result, "caf\\xe9.txt")
    assert "the file name is not UTF-8 text: rename the file" in line
    line.encode("utf-8")  # printable: no lone surrogate left in the message
    assert ids(result) == ["ordinary"]


# --- low: text direction, languages, places without a country -------------------------------------


def test_a_right_to_left_override_cannot_make_a_quote_show_another_number():
    # "\u202e21\u202c" displays as "12": the figure beside it would say 21, the quote 12.
    text = "Gunmen killed \u202e21\u202c villagers in Tillaberi, the army said."
    article = Article(
        id="rtl", path="seeds/rtl.txt", text=text, title="Attack \u2067in\u2069 Tillaberi",
        published=dt.date(2024, 3, 9), report=(TextSpan(0, len(text)),),
    )  # fmt: skip
    start = text.index("21")
    claim = Claim(
        article="rtl", category="killed", group="civilians", value=21, low=21, high=21, qualifier="exact",
        claimant="the army", quote=text, start=start, end=start + 2, number_text="21", quote_start=0,
    )  # fmt: skip
    pages = render_pages(Briefing(articles=(article,), claims=(claim,), incidents=()))
    for path, page in pages.items():
        assert not any(chr(c) in page for c in BIDI_CONTROLS), path
    assert "21" in pages["articles/rtl.md"]


def test_an_article_in_another_language_is_named_in_the_build_report(tmp_path):
    folder = folder_with(tmp_path, "written_in_french.md")
    data = export(load_settings(ROOT), folder)
    (note,) = [n for n in data.notes if n.stage == "input"]
    assert note.text == (
        "articles/written_in_french.md: written in 'fr'; figures are read from English text only, "
        "so none were taken from it"
    )
    report = render_pages(data.briefing)["report.md"]
    assert "## Articles in other languages" in report and "written\\_in\\_french" in report


def test_an_incident_at_a_place_of_no_known_country_has_no_none_in_its_title():
    text = "Gunmen attacked Tindirma village on Friday, killing nine people."
    article = Article(
        id="x", path="seeds/x.txt", text=text, title="t", published=dt.date(2024, 3, 9),
        report=(TextSpan(0, len(text)),),
    )  # fmt: skip
    mention = EventMention(
        article="x", sentence_start=0, sentence_end=len(text), kind="attack", places=("Tindirma",),
        place_offsets=(16,), when="Friday", date=dt.date(2024, 3, 8),
    )  # fmt: skip
    incidents, _ = build_incidents((article,), [Extraction("x", events=(mention,))], Gazetteer(load_aliases(None)))
    assert [i.title for i in incidents] == ["Attack in Tindirma"]


@pytest.mark.parametrize("name", sorted(p.name for p in HOSTILE.iterdir()))
def test_every_hostile_file_leaves_the_ordinary_article_built(tmp_path, name):
    assert "ordinary" in ids(ingest(folder_with(tmp_path, name)))
