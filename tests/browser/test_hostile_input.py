"""Hostile input that never reaches the browser: refused when the articles are read."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.read import IngestError, read_article

REFUSED = Path(__file__).parent / "data" / "refused"


def test_a_javascript_address_in_front_matter_is_refused_saying_why():
    with pytest.raises(IngestError, match=r"'url' must be a web address starting with https://"):
        read_article(REFUSED / "javascript_url.md")
