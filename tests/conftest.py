"""Shared fixtures: one spaCy pipeline per test session, and a scratch copy of
the project (mkdocs.yml, hand-written docs, seeds) to build in."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from generator.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_configure(config):
    """Each test's project keeps its cache in its own folder. A cache folder named in the
    developer's environment would be shared by them all, and each build would prune the
    others' entries from it, and the developer's own."""
    os.environ.pop("BRIEFINGS_CACHE_DIR", None)


@pytest.fixture(scope="session")
def nlp():
    """The project's pipeline, loaded once: the model plus our components."""
    from generator.figures.nlp import build_pipeline

    return build_pipeline(Settings().model)


def copy_project(dest: Path, articles: Path | None = None) -> Path:
    """A project folder as a user has it after cloning: config, hand-written docs, articles."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(
        ROOT / "docs",
        dest / "docs",
        ignore=shutil.ignore_patterns(
            "index.md", "report.md", "feed.xml", "incidents", "articles", "downloads", "dates", "countries", "actors"
        ),
    )
    shutil.copytree(articles or ROOT / "seeds", dest / "seeds")
    return dest


def inheriting_config(project: Path, plugins: list[str]) -> Path:
    """A ``mkdocs.yml`` in ``project`` that inherits the committed one with only ``plugins``
    (and the theme overrides it names), for building pages written by a test."""
    shutil.copytree(ROOT / "overrides", project / "overrides", dirs_exist_ok=True)
    config = project / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {json.dumps(str(ROOT / 'mkdocs.yml'))}\ndocs_dir: docs\nsite_dir: site\n"
        f"plugins: {json.dumps(plugins)}\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A fresh copy of the project, as the current directory."""
    path = copy_project(tmp_path / "project")
    monkeypatch.chdir(path)
    monkeypatch.delenv("BRIEFINGS_CACHE_DIR", raising=False)  # its own cache, in the copy
    return path
