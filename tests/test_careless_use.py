"""Careless commands, a damaged cache and two builds at once: a build refuses before it
harms anything, saying so in one line, or goes on with one warning; it never removes
anything outside the project's own output folders and never hangs.

One test per case of issue 13. The projects here hold two short articles, so that a
build takes seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.background import can_fork
from generator.build_lock import LOCK_FILE, one_build_at_a_time
from generator.cli import cli
from generator.editions.changes_file import HISTORY_FILE, load_history
from generator.editions.extraction_cache import ExtractionCache
from generator.editions.registry import Record, Registry
from generator.editions.registry_file import RegistryError, dump_registry, load_registry
from generator.incidents import gazetteer
from generator.safe_files import write_atomically
from generator.site.mkdocs_build import _remove_leftovers, build_site
from generator.site.reuse import PageDigests
from generator.site.site_folder import SiteFolderError

from .conftest import copy_project

ARTICLES = {
    "kano_market.txt": "Gunmen kill six at Kano market\n\nGunmen killed six traders at a market in Kano on "
    "Tuesday, police said.\n",
    "quetta_blast.txt": "Bomb kills four in Quetta\n\nA roadside bomb killed four policemen in Quetta on Monday, "
    "officials said.\n",
}


@pytest.fixture
def small(tmp_path, monkeypatch) -> Path:
    """A project of two short articles, as the current directory, with its own cache."""
    articles = tmp_path / "articles"
    articles.mkdir()
    for name, text in ARTICLES.items():
        (articles / name).write_text(text, encoding="utf-8")
    path = copy_project(tmp_path / "project", articles)
    monkeypatch.chdir(path)
    monkeypatch.delenv("BRIEFINGS_CACHE_DIR", raising=False)
    return path


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project but the cache, by path: what a refused command must leave alone."""
    return {
        str(p.relative_to(project)): p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file() and ".briefings-cache" not in p.parts and p.name != LOCK_FILE
    }


# --- 1. --site-dir naming the project ---------------------------------------------------------


@pytest.mark.parametrize(
    ("site_dir", "what"),
    [
        (".", "is the project folder"),
        ("docs", "is the docs folder"),
        ("seeds", "is the articles folder"),
        ("..", "holds the project folder"),
        ("docs/site", "is inside the docs folder"),
    ],
)
def test_a_site_dir_that_holds_the_project_is_refused_before_anything_is_written(small, site_dir, what):
    before = snapshot(small)
    result = run("build", "--site-dir", site_dir, "-q")
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert what in line and "Choose a folder of its own for the site" in line
    assert snapshot(small) == before


def test_a_site_dir_of_someone_elses_files_is_refused(small, tmp_path):
    mine = tmp_path / "Documents"
    mine.mkdir()
    (mine / "thesis.odt").write_bytes(b"years of work")
    result = run("build", "--site-dir", str(mine), "-q")
    assert result.exit_code == 1
    assert "holds files but is not a site MkDocs built (it has no index.html and no sitemap.xml)" in result.stderr
    assert (mine / "thesis.odt").read_bytes() == b"years of work"


def test_the_site_build_itself_refuses_to_replace_the_project(small):
    with pytest.raises(SiteFolderError, match="is the project folder"):
        build_site(small / "mkdocs.yml", small)
    assert (small / "mkdocs.yml").is_file() and (small / "seeds").is_dir()


# --- 5. two builds at once ---------------------------------------------------------------------


def test_a_second_build_of_a_project_stops_naming_the_build_that_runs(small):
    before = snapshot(small)
    with one_build_at_a_time(small, "briefings build"):
        result = run("generate", "-q")
        lock = (small / LOCK_FILE).read_text(encoding="utf-8")
    assert result.exit_code == 1
    assert f"another build of this project is running (pid {os.getpid()} on {socket.gethostname()}" in result.stderr
    assert "'briefings build' since" in lock
    assert snapshot(small) == before
    assert (small / LOCK_FILE).read_text(encoding="utf-8") == ""  # released: empty while no build runs


def test_two_builds_started_together_leave_one_whole_site(small):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("BRIEFINGS_CACHE_DIR", None)
    command = [sys.executable, "-c", "from generator.cli import cli; cli()", "build", "-q"]
    first = subprocess.Popen(command, cwd=small, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (small / LOCK_FILE).is_file() or not (small / LOCK_FILE).read_text():
        assert first.poll() is None and time.monotonic() < deadline, "the first build never took the lock"
        time.sleep(0.05)
    second = subprocess.run(command, cwd=small, env=env, capture_output=True, text=True, timeout=120)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert second.returncode == 1 and "another build of this project is running" in second.stderr
    assert (small / "site" / "index.html").is_file()
    assert not [p.name for p in small.iterdir() if ".site." in p.name]  # no temporary folder left


def test_a_build_killed_holding_the_lock_leaves_no_stale_lock(small):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from generator.build_lock import one_build_at_a_time\n"
         f"with one_build_at_a_time({str(small)!r}, 'test'):\n    print('held', flush=True); time.sleep(600)"],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with one_build_at_a_time(small, "briefings build"):
        pass


def test_a_build_removes_the_temporary_folders_of_killed_builds_only(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    site = tmp_path / "site"
    running = tmp_path / f".site.building-{os.getpid()}-0000"
    killed = tmp_path / f".site.old-{int(dead.stdout)}-0000"
    unrelated = tmp_path / ".site.notes-1-2"
    for folder in (running, killed, unrelated):
        folder.mkdir()
    _remove_leftovers(site)
    assert running.is_dir() and unrelated.is_dir() and not killed.exists()


# --- 8. a slug recorded twice -------------------------------------------------------------------


def test_a_slug_recorded_twice_in_the_registry_is_an_error_with_both_lines(small):
    record = "  2024-03-05-kano-attack:\n    date: 2024-03-05\n    kind: attack\n    articles:\n    - kano_market\n"
    (small / "incidents.yml").write_text("incidents:\n" + record + record.replace("kano_market", "other"))
    result = run("generate", "-q")
    assert result.exit_code == 1
    assert "'2024-03-05-kano-attack' is given twice (lines 2 and 7)" in result.stderr
    assert not (small / "docs" / "index.md").exists()


def test_a_registry_that_is_not_yaml_says_on_which_line(tmp_path):
    (tmp_path / "incidents.yml").write_text("incidents:\n  a-attack:\n    date: 2024-03-05\n   kind: [attack\n")
    with pytest.raises(RegistryError, match=r"cannot be read as YAML \(line 4, column \d+\)"):
        load_registry(tmp_path / "incidents.yml")


def test_the_registry_is_written_without_yaml_anchors():
    day = dt.date(2024, 3, 5)
    records = (Record("a-attack", day, articles=("a",)), Record("b-attack", day, articles=("b",)))
    text = dump_registry(Registry(records))
    assert "&id" not in text and "*id" not in text
    assert text.count("date: 2024-03-05") == 2


# --- 9. a cache folder that cannot be written ---------------------------------------------------


def test_a_cache_dir_that_names_a_file_costs_one_warning_not_the_build(small, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file", encoding="utf-8")
    monkeypatch.setenv("BRIEFINGS_CACHE_DIR", str(blocker))
    result = run("generate", "-q")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and f"cache folder {blocker} cannot be written" in warnings[0]
    assert (small / "docs" / "index.md").is_file()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_a_read_only_cache_folder_costs_one_warning_not_the_build(small):
    cache = small / ".briefings-cache"
    cache.mkdir()
    cache.chmod(0o555)
    try:
        result = run("generate", "-q")
    finally:
        cache.chmod(0o755)
    assert result.exit_code == 0, result.output
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == [
        line for line in result.stderr.splitlines() if "cannot be written" in line
    ]
    assert (small / "docs" / "index.md").is_file()


# --- 10. kill -9 of the build while its child parses ---------------------------------------------


@pytest.mark.skipif(not can_fork(), reason="the work runs in this process where it cannot fork")
def test_the_parse_child_ends_when_the_build_is_killed(tmp_path):
    """The child sends more than a pipe holds and the parent never reads: killed, the parent
    leaves the child with no reader."""
    script = (
        "import os, sys, time\n"
        "from generator.background import Background\n"
        "def work():\n"
        "    while True:\n"
        "        yield b'x' * 1_000_000\n"
        "items = Background(work, fork=True)\n"
        "print(items._process.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    try:
        while _alive(child):
            assert time.monotonic() < deadline, "the parse child outlived its build"
            time.sleep(0.1)
    finally:
        if _alive(child):
            os.kill(child, signal.SIGKILL)


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for a container's init to reap it does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


# --- low: the gazetteer, the history, FIFOs, --strict, export -o ----------------------------------


def test_a_gazetteer_cache_that_fails_its_checksum_is_rebuilt(tmp_path, monkeypatch):
    built = []

    def build_index():
        built.append(1)
        places = {"peshawar": ("Peshawar", "Pakistan", "city", 34.008, 71.578, None)}
        return gazetteer._Places(places), gazetteer._Places({}), gazetteer._Elsewhere({})

    monkeypatch.setattr(gazetteer, "_build_index", build_index)
    monkeypatch.setattr(gazetteer, "_index", None)
    gazetteer.load_index(tmp_path)
    (stored,) = tmp_path.glob("geonames-*.marshal")
    data = bytearray(stored.read_bytes())
    data[data.index(b"Pakistan") + 12] ^= 0x04  # one bit of a coordinate
    stored.write_bytes(bytes(data))
    monkeypatch.setattr(gazetteer, "_index", None)
    gazetteer.load_index(tmp_path)
    assert len(built) == 2
    assert gazetteer._geonames()[0].get("peshawar").latitude == 34.008


@pytest.mark.parametrize(
    "history",
    [
        {"current": {"incidents": 5}},
        {"current": {"incidents": {"x": {"articles": 3, "figures": {}}}}},
        {"current": {"incidents": {}}, "previous": ["not", "a", "snapshot"]},
        {"current": {"incidents": {"x": {"articles": [], "figures": {"killed/civilians": [1, 2]}}}}},
    ],
)
def test_a_build_history_of_the_wrong_shape_is_no_history_with_a_warning(tmp_path, history):
    (tmp_path / HISTORY_FILE).write_text(json.dumps(history), encoding="utf-8")
    warnings: list[str] = []
    assert load_history(tmp_path, warnings.append) is None
    assert len(warnings) == 1 and "is not a build history" in warnings[0]


def test_a_fifo_in_the_cache_never_hangs_the_build(tmp_path, monkeypatch):
    fake = gazetteer._Places({}), gazetteer._Places({}), gazetteer._Elsewhere({})
    monkeypatch.setattr(gazetteer, "_build_index", lambda: fake)
    monkeypatch.setattr(gazetteer, "_index", None)
    gazetteer.load_index(tmp_path)  # stores the index under its versioned name
    cache = ExtractionCache(tmp_path, "v" * 64)
    cache.folder.mkdir(parents=True)
    key = "k" * 64
    cache.entries.path(key).parent.mkdir()
    fifos = [*tmp_path.glob("geonames-*.marshal"), tmp_path / HISTORY_FILE, tmp_path / "pages.json"]
    fifos += [cache.folder / "pack.marshal", cache.entries.path(key)]
    for path in fifos:
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    monkeypatch.setattr(gazetteer, "_index", None)

    def read_everything() -> None:
        load_history(tmp_path)
        PageDigests(tmp_path, tmp_path / "docs")
        gazetteer.load_index(tmp_path)
        entries = ExtractionCache(tmp_path, "v" * 64).entries
        with pytest.raises(ValueError):
            entries.read(key)

    reader = threading.Thread(target=read_everything, daemon=True)
    reader.start()
    reader.join(timeout=20)
    assert not reader.is_alive(), "a read of the cache waits on a FIFO"


def test_a_strict_build_that_fails_writes_nothing(small):
    assert run("generate", "-q").exit_code == 0
    history = small / ".briefings-cache" / HISTORY_FILE
    before, history_before = snapshot(small), history.read_bytes()
    (small / "seeds" / "zaria_raid.txt").write_text(
        "Bandits kill nine in Zaria\n\nBandits killed nine villagers near Zaria on Sunday, police said.\n"
    )
    (small / "seeds" / "empty.txt").write_text("")
    result = run("generate", "--strict", "-q")
    assert result.exit_code == 1 and "--strict: 1 input file(s) could not be read" in result.stderr
    after = snapshot(small)
    del after["seeds/zaria_raid.txt"], after["seeds/empty.txt"]
    assert after == before  # no page, no incidents.yml written
    assert history.read_bytes() == history_before


def test_export_into_a_missing_folder_is_refused_before_the_articles_are_read(small, monkeypatch):
    import generator.pipeline

    monkeypatch.setattr(generator.pipeline, "export", lambda *a, **k: pytest.fail("the articles were read"))
    result = run("export", "seeds", "-o", "no/such/folder/out.json")
    assert result.exit_code == 1
    assert "no folder no/such/folder to write it into: create it first" in result.stderr


def test_a_strict_export_that_fails_leaves_the_old_export(small):
    (small / "out.json").write_text('{"schema": 1}\n', encoding="utf-8")
    (small / "seeds" / "empty.txt").write_text("")
    assert run("export", "seeds", "-o", "out.json", "--strict", "-q").exit_code == 1
    assert (small / "out.json").read_text(encoding="utf-8") == '{"schema": 1}\n'


def test_a_file_written_atomically_is_whole_or_as_it_was(tmp_path, monkeypatch):
    target = tmp_path / "out.json"
    target.write_bytes(b"old")

    def fail(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(target, b"new")
    assert target.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["out.json"]
