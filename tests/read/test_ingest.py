"""The ingest stage, told as what a user sees: each article file becomes an
article with its report set apart from the page's boilerplate, or one line in
the build report saying what is wrong with it.

Input files live under ``tests/read/data/``, one per case and named after it;
cases a committed file cannot hold (binary, legacy encodings, broken links) are
made in ``tmp_path``.
"""

from __future__ import annotations

import datetime as dt
import inspect
import itertools
import os
import re
import shutil
from pathlib import Path

import pytest

from generator.models import Article
from generator.read import IngestError, boilerplate, ingest, pubdate, read_article

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
CASES = Path(__file__).parent / "data"


def seed(prefix: str) -> Article:
    """The seed article whose file name starts with ``prefix``."""
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return read_article(path)


def assert_offsets_exact(article: Article) -> None:
    """Every span indexes the stored text, without surrounding whitespace, in order."""
    spans = sorted(article.report + article.boilerplate, key=lambda s: s.start)
    for span in spans:
        piece = article.text[span.start : span.end]
        assert piece and piece == piece.strip(), span
    for before, after in itertools.pairwise(spans):
        assert before.end <= after.start, (before, after)
    assert article.report_text == "\n\n".join(article.text[s.start : s.end] for s in article.report)


def message(skipped) -> str:
    return f"{skipped.path}: {skipped.reason}"


# --- the five seed articles -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "published"),
    [("000", dt.date(2022, 1, 21)), ("001", dt.date(2022, 1, 22)), ("002", None), ("003", dt.date(2022, 1, 22)),
     ("004", dt.date(2022, 1, 21))],
)  # fmt: skip
def test_each_seed_gets_its_publication_date(prefix: str, published: dt.date | None) -> None:
    assert seed(prefix).published == published


@pytest.mark.parametrize(
    ("prefix", "headline"),
    [
        ("002", "IS jihadists on the run after Kurdish prison attack in northeast Syria"),
        ("003", "More fighting after IS attack on Syrian prison"),
        ("004", "Isis gunmen launch major attacks in Iraq and Syria"),
    ],
)
def test_first_line_headline_becomes_title_and_headline_span(prefix: str, headline: str) -> None:
    article = seed(prefix)
    first = article.report[0]
    assert first.kind == "headline"
    assert article.text[first.start : first.end] == headline
    assert article.title == headline
    assert [s.kind for s in article.report[1:]] == ["paragraph"] * (len(article.report) - 1)


@pytest.mark.parametrize(
    ("prefix", "gone", "kept"),
    [
        ("000", ["date 2022-01-21", "@MazloumAbdi", "With AP, AFP and Reuters"],
         ["at least 23 people", "89 members of the Islamic State group", "at least 11 Iraqi soldiers dead",
          "Kurdish forces claim to have regained control", "Death of at least 11 Iraqi soldiers in jihadist attack"]),
        ("001", ["04:48", "Source: Iraq News", "AP Photo", "defensive trenches"],
         ["killed at least 20 Kurdish security forces", "estimated 3,500", "at least 16 jihadists",
          "more than 12,000 IS suspects", "around 10,000 IS fighters"]),
        ("002", ["subscribers", "Read also", "50.57%", "site-29"],
         ["More than a hundred assailants", "nearly 5,000 inmates", "28 dead among Kurdish forces",
          "more than 100 escapees"]),
        ("003", ["Status:", "Image: dpa", "the picture shows", "Leave a Comment"],
         ["at least 78 people", "almost 90 escaped inmates", "around 5,000 IS supporters",
          "Syrian Observatory for Human Rights\n\nThe pro-opposition"]),
        ("004", ["Bel Trew", "Correspondent", "13:49 GMT", "Comments", "A photo provided", "(AP)",
                 "Join our commenting forum", "thought-provoking", "Thank you for registering", "logged in"],
         ["Attack on prison called worst since 2019", "some 3,000 inmates", "89 suspected militants",
          "five Isis fighters", "Footage reportedly taken outside the prison"]),
    ],
)  # fmt: skip
def test_seed_boilerplate_is_gone_but_figures_remain(prefix: str, gone: list[str], kept: list[str]) -> None:
    article = seed(prefix)
    for phrase in gone:
        assert phrase not in article.report_text
        assert any(phrase in article.text[s.start : s.end] for s in article.boilerplate), phrase
    for phrase in kept:
        assert phrase in article.report_text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_spans_index_the_stored_text_exactly(prefix: str) -> None:
    article = seed(prefix)
    assert "\r" not in article.text
    assert_offsets_exact(article)
    assert all(s.reason for s in article.boilerplate)


def test_date_prefix_is_metadata_and_report_starts_at_first_word() -> None:
    article = seed("000")
    first = article.report[0]
    assert first.kind == "paragraph"
    assert article.text[first.start :].startswith("According to the Syrian Observatory")
    assert article.title.startswith("According to the Syrian Observatory for Human Rights (OSDH)")
    assert article.title.endswith("…") and len(article.title) <= 121


def test_source_dateline_names_the_publisher() -> None:
    article = seed("001")
    assert article.publisher == "Iraq News"
    assert not article.title.startswith("(ThisDay")
    assert ("dateline", "2022/01/22 | 04:48 - Source: Iraq News") in [
        (s.reason, article.text[s.start : s.end]) for s in article.boilerplate
    ]


def test_status_line_gives_us_style_publication_date() -> None:
    assert pubdate.parse_dateline("Status: 01/22/2022 3:17 p.m") == pubdate.Dateline(dt.date(2022, 1, 22))


def test_standfirst_after_headline_stays_a_report_paragraph() -> None:
    article = seed("004")
    assert article.report[1].kind == "paragraph"
    assert article.text[article.report[1].start : article.report[1].end].startswith("Attack on prison called worst")


def test_contributing_agencies_are_not_the_publisher() -> None:
    assert seed("000").publisher is None


# --- dates, headlines, publishers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "date"),
    [
        ("2022/01/22 | 04:48 - Source: Iraq News", dt.date(2022, 1, 22)),
        ("Friday 21 January 2022 13:49 GMT", dt.date(2022, 1, 21)),
        ("January 21, 2022", dt.date(2022, 1, 21)),
        ("21 Jan 2022", dt.date(2022, 1, 21)),
        ("2022-01-21T13:49:00Z", dt.date(2022, 1, 21)),
        ("Published: 21 January 2022", dt.date(2022, 1, 21)),
        ("Posted on 21st January 2022", dt.date(2022, 1, 21)),
        ("Fri, 21 Jan 2022 13:49:00 +0000", dt.date(2022, 1, 21)),
        ("Stand: 22.01.2022 15:17 Uhr", dt.date(2022, 1, 22)),
        ("22/01/2022 09:00", dt.date(2022, 1, 22)),
        ("Published 21/01/2022 Updated 22/01/2022", dt.date(2022, 1, 21)),
    ],
)
def test_common_dateline_forms_give_the_publication_date(line: str, date: dt.date) -> None:
    dateline = pubdate.parse_dateline(line)
    assert dateline is not None and dateline.date == date and not dateline.updated


@pytest.mark.parametrize(
    "line",
    [
        "During the early hours of January 21, 2022, the Islamic State group claimed responsibility.",
        "Update December 12: Islamic State said in a statement on Thursday that fighters attacked.",
        "January 2022",
        "Death of at least 11 Iraqi soldiers in jihadist attack",
        "31/02/2022",
    ],
)
def test_sentence_mentioning_a_date_is_not_a_dateline(line: str) -> None:
    assert pubdate.parse_dateline(line) is None


def test_published_label_wins_over_updated_label() -> None:
    article = read_article(CASES / "dateline_published_and_updated.txt")
    assert article.published == dt.date(2022, 1, 21)
    assert "Updated" not in article.report_text


def test_update_date_is_used_when_it_is_the_only_date() -> None:
    assert read_article(CASES / "dateline_updated_only.txt").published == dt.date(2022, 1, 23)


def test_article_without_a_date_has_none_and_is_still_built() -> None:
    article = read_article(CASES / "no_date.txt")
    assert article.published is None
    assert "January 21" in article.report_text


def test_lone_agency_credit_names_the_publisher() -> None:
    article = read_article(CASES / "single_agency_credit.txt")
    assert article.publisher == "AFP"
    assert [s.reason for s in article.boilerplate] == ["agency credit"]


def test_byline_tweet_and_reporting_credit_are_set_aside() -> None:
    article = read_article(CASES / "byline_and_tweet.txt")
    assert [s.reason for s in article.boilerplate] == ["byline", "embedded tweet", "agency credit"]
    assert article.report_text.endswith("wounding two contractors, the coalition said.")


def test_title_without_headline_is_first_sentence_cut_on_a_word() -> None:
    assert pubdate.title_from_paragraph("Mr. Smith said 3 people died. Then more.") == "Mr. Smith said 3 people died"
    long = "Gunmen " + "attacked the village again " * 10 + "at dawn. Police said."
    title = pubdate.title_from_paragraph(long)
    assert title.endswith("again…") and len(title) <= 121


def test_date_prefix_alone_on_its_line_leaves_the_next_line_a_headline() -> None:
    article = read_article(CASES / "date_prefix_alone_on_its_line.txt")
    assert article.published == dt.date(2022, 1, 21)
    assert article.report[0].kind == "headline"
    assert article.title == "Bomb kills 5 in market"


# --- boilerplate rules --------------------------------------------------------------------------------------


def docstring_examples(function) -> list[str]:
    doc = inspect.getdoc(function) or ""
    return [line[2:] for line in doc.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("family", boilerplate.FAMILIES, ids=lambda f: f.reason)
def test_every_documented_boilerplate_example_is_set_aside_for_its_reason(family: boilerplate.Family) -> None:
    examples = docstring_examples(family.patterns)
    assert examples, f"{family.patterns.__name__} lists no examples"
    for example in examples:
        assert boilerplate.classify_line(example) == family.reason, example


@pytest.mark.parametrize(
    "line",
    [
        "Kurdish forces claim to have regained control",
        "Death of at least 11 Iraqi soldiers in jihadist attack",
        "Syrian Observatory for Human Rights",
        "The information was confirmed by Jouma Anad, Iraqi Defense Minister, through his Twitter account.",
        "Footage reportedly taken outside the prison and shared online showed intense bursts of gunfire.",
        "Update December 12: Islamic State said in a statement on Thursday that fighters carried out the attack.",
        "By Friday alone, almost 90 escaped inmates had been arrested again",
        "By Monday, 12 soldiers had been killed",
        "The militants released a photo showing 12 hostages",
        "Sources, who preferred to remain anonymous, told the Al-Jazeera media outlet that reinforcements were sent.",
        "Seven soldiers were killed, the ministry said. (AFP)",
        "The ministry did not respond to the comments.",
        "Reading the statement aloud, the spokesman said 40 people had died.",
    ],
)
def test_short_report_lines_with_figures_stay_in_the_report(line: str) -> None:
    assert boilerplate.classify_line(line) is None
    assert boilerplate.classify(["Headline", line, "Another paragraph."])[1] is None


def test_caption_repeated_with_its_credit_is_set_aside_twice() -> None:
    caption = "A photo of soldiers guarding the gate of the prison on Friday"
    assert boilerplate.classify(["Headline", caption, caption + " (AP)"])[1:] == ["photo caption"] * 2


def test_caption_above_an_agency_photo_credit_is_set_aside() -> None:
    lines = ["Headline", "Peshmerga forces dig trenches near Lheiban, Iraq, Tuesday.", "(AP Photo/Samya Kullab)"]
    assert boilerplate.classify(lines)[1:] == ["photo caption", "photo caption"]


def test_name_above_an_author_title_is_a_byline() -> None:
    assert boilerplate.classify(["Headline", "Bel Trew", "Middle East Correspondent"])[1:] == ["byline", "byline"]


# --- Markdown and front matter ------------------------------------------------------------------------------


def test_markdown_front_matter_sets_metadata_and_is_not_stored_text() -> None:
    article = read_article(CASES / "front_matter.md")
    assert (article.title, article.published, article.publisher, article.url, article.language) == (
        "Gunmen kill three police officers at checkpoint",
        dt.date(2022, 1, 21),
        "Example Times",
        "https://example.org/news/checkpoint-attack",
        "en",
    )
    assert article.text.startswith("# Gunmen kill")
    assert article.report[0].kind == "headline"
    assert article.text[article.report[0].start : article.report[0].end] == article.title
    assert "killing three officers and wounding five" in article.report_text
    assert "Leave a comment" not in article.report_text
    assert_offsets_exact(article)


def test_markdown_without_front_matter_reads_like_text() -> None:
    article = read_article(CASES / "markdown_without_front_matter.md")
    assert article.title == "Bomb blast at market wounds 14"
    assert article.published is None


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        ("front_matter_bad_date.md", "front matter: 'published' must be a date written YYYY-MM-DD, not '21/01/2022'"),
        ("front_matter_unknown_key.md", "front matter: unknown key 'publised'"),
        ("front_matter_not_closed.md", "front matter opened with '---' on line 1 is never closed"),
        ("front_matter_invalid_yaml.md", "front matter is not valid YAML (line"),
    ],
)
def test_bad_front_matter_is_an_error_naming_file_and_key(case: str, problem: str) -> None:
    with pytest.raises(IngestError) as caught:
        read_article(CASES / case)
    assert str(caught.value).startswith(f"{CASES / case}: {problem}")
    assert "\n" not in str(caught.value)


# --- bad input: one SkippedFile each, and the build goes on ---------------------------------------------------


def shown(path: Path) -> str:
    """How the build names an input file: from its articles folder on, never by where the build ran."""
    return f"{path.parent.name}/{path.name}"


def skipped_reason(folder: Path, name: str, **kwargs) -> tuple[str, str]:
    """Ingest ``folder`` and return the (severity, one-line message) of the file ``name``."""
    result = ingest(folder, **kwargs)
    (skipped,) = [s for s in result.skipped if Path(s.path).name == name]
    return skipped.severity, message(skipped)


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        ("empty_file.txt", "empty file (0 bytes)"),
        ("whitespace_only.txt", "only whitespace"),
        ("only_boilerplate.txt", "no report text: all 3 line(s) are web boilerplate"),
        ("date_prefix_not_a_real_day.txt", "the first line starts with 'date 2022-13-45' but that is not a real day"),
    ],
)
def test_unusable_text_file_is_an_error_naming_the_file(tmp_path: Path, case: str, problem: str) -> None:
    shutil.copy(CASES / case, tmp_path / case)
    severity, line = skipped_reason(tmp_path, case)
    assert severity == "error"
    assert line.startswith(f"{shown(tmp_path / case)}: {problem}")


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "binary_file.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert skipped_reason(tmp_path, "binary_file.txt") == (
        "error",
        f"{shown(tmp_path / 'binary_file.txt')}: binary file, not text (NUL byte at offset 8)",
    )


def test_file_in_no_known_encoding_is_an_error_naming_the_byte(tmp_path: Path) -> None:
    (tmp_path / "unknown_encoding.txt").write_bytes(b"Gunmen kill\x81 three\x8d police officers\n")
    severity, line = skipped_reason(tmp_path, "unknown_encoding.txt")
    assert severity == "error"
    assert line.startswith(
        f"{shown(tmp_path / 'unknown_encoding.txt')}: not UTF-8 text and no legacy encoding fits (byte 0x81 at offset 11)"
    )


@pytest.mark.parametrize(
    ("codec", "headline"),
    [
        ("cp1252", "Attack in Hassaké kills 5 — officials"),
        ("latin-1", "Attack in Hassaké kills 5"),
        ("utf-8-sig", "Attack in Hassaké kills 5 — officials"),
        ("utf-16", "Attack in Hassaké kills 5 — officials"),  # with a byte-order mark
        ("utf-16-be", "Attack in Hassaké kills 5 — officials"),  # BOM written by hand below
    ],
)
def test_legacy_and_bom_encoded_files_are_kept(tmp_path: Path, codec: str, headline: str) -> None:
    bom = "\ufeff" if codec == "utf-16-be" else ""
    path = tmp_path / "encoded.txt"
    path.write_bytes(f"{bom}{headline}\r\n\r\nGunmen killed five people, police said.\r\n".encode(codec))
    article = read_article(path)
    assert article.title == headline
    assert article.text == f"{headline}\n\nGunmen killed five people, police said.\n"


def test_file_over_the_size_limit_is_an_error_saying_how_large(tmp_path: Path) -> None:
    (tmp_path / "too_large.txt").write_bytes(b"Gunmen attacked a village.\n" * 115_000)  # 3.1 MB
    severity, line = skipped_reason(tmp_path, "too_large.txt")
    assert severity == "error"
    assert line.startswith(f"{shown(tmp_path / 'too_large.txt')}: too large: 3.1 MB, over the 2.0 MB limit")


def test_folder_named_like_an_article_is_unreadable(tmp_path: Path) -> None:
    (tmp_path / "folder_named_like_article.txt").mkdir()
    severity, line = skipped_reason(tmp_path, "folder_named_like_article.txt")
    assert severity == "error"
    assert line == f"{shown(tmp_path / 'folder_named_like_article.txt')}: cannot read: a folder, not a file " + (
        "(rename it or move it out of the articles folder)"
    )


def test_broken_symlink_is_unreadable(tmp_path: Path) -> None:
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken_link.txt")
    severity, line = skipped_reason(tmp_path, "broken_link.txt")
    assert severity == "error"
    assert (
        line == f"{shown(tmp_path / 'broken_link.txt')}: cannot read: broken symbolic link to {tmp_path / 'gone.txt'}"
    )


def test_missing_folder_is_an_error_that_stops_the_build(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=re.escape(f"{tmp_path / 'nowhere'}: no such folder")):
        ingest(tmp_path / "nowhere")


# --- the folder as a whole: duplicates, ids, ignored files, nothing lost ----------------------------------------


def test_exact_duplicates_are_built_once_as_the_first_by_name(tmp_path: Path) -> None:
    content = (CASES / "duplicate_original.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(content)
    (tmp_path / "b.txt").write_bytes(content.replace(b"\n", b"\r\n"))  # same text, Windows newlines
    (tmp_path / "c.txt").write_bytes(content)
    result = ingest(tmp_path)
    (article,) = result.articles
    assert article.id == "a"
    assert article.duplicates == (shown(tmp_path / "b.txt"), shown(tmp_path / "c.txt"))
    assert [(s.severity, message(s)) for s in result.skipped] == [
        ("note", f"{shown(tmp_path / 'b.txt')}: exact duplicate of {shown(tmp_path / 'a.txt')}"),
        ("note", f"{shown(tmp_path / 'c.txt')}: exact duplicate of {shown(tmp_path / 'a.txt')}"),
    ]


def test_second_file_with_the_same_id_is_an_error(tmp_path: Path) -> None:
    for name in ("same_id.md", "same_id.txt"):
        shutil.copy(CASES / name, tmp_path / name)
    result = ingest(tmp_path)
    assert [a.path for a in result.articles] == [shown(tmp_path / "same_id.md")]
    assert [(s.severity, message(s)) for s in result.skipped] == [
        ("error", f"{shown(tmp_path / 'same_id.txt')}: same id 'same_id' as {shown(tmp_path / 'same_id.md')} "
                  "(ids are file names without extension): rename one"),
    ]  # fmt: skip


def test_other_files_are_noted_and_hidden_files_ignored(tmp_path: Path) -> None:
    shutil.copy(CASES / "not_an_article.csv", tmp_path / "not_an_article.csv")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x01")
    (tmp_path / ".draft.txt").write_text("Hidden draft\n")
    result = ingest(tmp_path)
    assert result.articles == ()
    assert [(s.severity, message(s)) for s in result.skipped] == [
        ("note", f"{shown(tmp_path / 'not_an_article.csv')}: not an article (only .txt and .md are read)"),
    ]


def test_every_file_ends_up_as_article_or_skipped_and_the_build_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    shutil.copytree(CASES, folder)
    for seed_file in SEEDS.glob("*.txt"):
        shutil.copy(seed_file, folder / seed_file.name)
    shutil.copy(CASES / "duplicate_original.txt", folder / "duplicate_copy.txt")
    (folder / "binary_file.txt").write_bytes(b"\x00\x01\x02")
    (folder / "legacy_cp1252.txt").write_bytes("Blast in Hassaké kills 5\n".encode("cp1252"))
    (folder / "folder_named_like_article.txt").mkdir()
    os.symlink(folder / "gone.txt", folder / "broken_link.txt")
    (folder / ".hidden.txt").write_text("Hidden\n")
    visible = [p for p in folder.iterdir() if not p.name.startswith(".")]

    result = ingest(folder)

    assert len(result.articles) + len(result.skipped) == len(visible)
    paths = sorted([a.path for a in result.articles] + [s.path for s in result.skipped])
    assert paths == sorted(shown(p) for p in visible)
    assert [a.path for a in result.articles] == sorted(a.path for a in result.articles)
    for skipped in result.skipped:
        line = message(skipped)
        assert "\n" not in line and line.startswith(skipped.path + ": ") and skipped.reason
        assert skipped.severity in ("error", "note")
    for article in result.articles:
        assert_offsets_exact(article)
    assert {a.id for a in result.articles} >= {"legacy_cp1252", "front_matter", "000_9c6c13380b6fc00d"}


class _Store:
    """An article store in memory that records what ingest asks of it."""

    def __init__(self) -> None:
        self.articles: dict[tuple[str, str], Article] = {}
        self.asked: list[tuple[str, str]] = []

    def holds(self, name: str, content: str) -> bool:
        return (name, content) in self.articles

    def get(self, name: str, content: str) -> Article | None:
        self.asked.append(("get", name))
        return self.articles.get((name, content))

    def put(self, name: str, content: str, article: Article) -> None:
        self.articles[(name, content)] = article


def test_new_files_are_handed_over_before_the_stored_articles_are_read(tmp_path: Path) -> None:
    """A rebuild's new article is the one that must be parsed: the build hears of it first,
    and can start loading spaCy while the stored articles are read."""
    for seed_file in sorted(SEEDS.glob("*.txt"))[:3]:
        shutil.copy(seed_file, tmp_path / seed_file.name)
    store = _Store()
    first = ingest(tmp_path, store=store)
    (tmp_path / "zz_new.txt").write_text("Blast in Hassaké kills 5\n\nFive people died.\n", encoding="utf-8")
    store.asked.clear()

    def fresh(articles: tuple[Article, ...]) -> None:
        store.asked.append(("fresh", ",".join(a.id for a in articles)))

    again = ingest(tmp_path, store=store, fresh=fresh)
    assert store.asked[0] == ("fresh", "zz_new")
    assert sorted(name for asked, name in store.asked[1:]) == sorted(a.path for a in first.articles)
    assert again.articles[:3] == first.articles and again.articles[3].id == "zz_new"
