"""The ``briefings`` command as a user runs it: exit codes, messages, outputs."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_export_writes_schema_1_json_for_a_folder(project):
    result = run("export", "seeds", "-o", "out.json", "--quiet")
    assert result.exit_code == 0, result.output
    data = json.loads(Path("out.json").read_text(encoding="utf-8"))
    assert data["schema"] == 1
    assert len(data["articles"]) == 5


def test_a_bad_file_is_reported_by_name_and_the_build_goes_on(project):
    Path("seeds/broken.txt").write_bytes(b"\x00\x01binary junk")
    result = run("export", "seeds", "-o", "out.json")
    assert result.exit_code == 0
    assert "seeds/broken.txt" in result.stderr and "binary" in result.stderr
    assert len(json.loads(Path("out.json").read_text())["articles"]) == 5


def test_strict_turns_a_bad_file_into_a_failure(project):
    Path("seeds/empty.txt").write_text("", encoding="utf-8")
    result = run("export", "seeds", "-o", "out.json", "--strict")
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    assert "--strict" in result.stderr


def test_a_missing_articles_folder_is_a_usage_error(project):
    result = run("export", "no-such-folder", "-o", "out.json")
    assert result.exit_code == 2
    assert "no-such-folder" in result.stderr


def test_an_unknown_option_in_the_config_names_the_file_and_the_option(project):
    Path("briefings.yml").write_text("modle: en_core_web_sm\n", encoding="utf-8")
    result = run("export", "seeds", "-o", "out.json")
    assert result.exit_code == 1
    assert "briefings.yml" in result.stderr and "modle" in result.stderr


def test_a_model_that_is_not_installed_says_how_to_install_one(project):
    Path("briefings.yml").write_text("model: xx_no_such_model\n", encoding="utf-8")
    result = run("export", "seeds", "-o", "out.json")
    assert result.exit_code == 1
    assert "xx_no_such_model" in result.stderr and "not installed" in result.stderr


def test_generate_writes_pages_and_a_second_run_changes_nothing(project):
    first = run("generate")
    assert first.exit_code == 0, first.output
    assert Path("docs/index.md").is_file() and Path("docs/downloads/briefings.json").is_file()
    second = run("generate")
    assert "Wrote 0 changed page(s)" in second.output


def test_every_command_documents_itself():
    for name, command in cli.commands.items():
        assert command.help, f"'briefings {name}' has no help text"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"'briefings {name} {param.opts[0]}' has no help text"


def test_exporting_another_folder_leaves_the_projects_corrections_out(project, tmp_path):
    Path("corrections.yml").write_text("corrections:\n  - drop_claim: {article: nowhere, value: 3, category: killed}\n")
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.txt").write_text(Path("seeds/002_6643992cdadc468c.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert run("export", str(other), "-o", "other.json", "--strict").exit_code == 0
    own = run("export", "seeds", "-o", "out.json", "--strict")
    assert own.exit_code == 1
    assert "nowhere" in own.stderr


def test_a_build_ends_with_a_one_screen_summary_of_what_changed(project):
    first = run("build", "--strict")
    assert first.exit_code == 0, first.output
    Path("seeds/notes.pdf").write_bytes(b"%PDF-1.4")
    again = run("build", "--strict", "--timings-json", "timings.json")
    assert again.exit_code == 0, again.output
    summary = again.stdout[again.stdout.index("Built ") :].splitlines()
    assert len(summary) <= 20
    text = "\n".join(summary)
    assert "5 read: 0 new, 0 changed since the last build; 0 extracted, 5 from the cache" in text
    assert "seeds/notes.pdf" in text
    assert "0 key figure(s) revised since the last build" in text
    for stage in ("ingest", "extract", "incidents", "render", "mkdocs", "search"):
        assert f"{stage} " in summary[-1]
    timings = json.loads(Path("timings.json").read_text(encoding="utf-8"))
    assert timings["articles"] == {"read": 5, "extracted": 0, "cached": 5, "corrupt_cache_entries": 0}
    assert set(timings["stages"]) == {"ingest", "extract", "incidents", "render", "mkdocs", "search"}
    search = timings["search"]
    assert search["pages"] >= 5 + 2 and search["parts"] == 1 and search["bytes"] > 0
    # Nothing the search indexes changed (a PDF is no article; the build report is not indexed)
    assert search["indexed_parts"] == 0
    assert f"search     {search['pages']} pages, none changed: the last build's index, " in text
