"""A rebuilt site completed from the old one: its folders made ahead, its files linked in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.site.site_copy import FullBuildNeeded, complete_from, make_folders, site_folders


def _site(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


def _tree(site: Path) -> list[str]:
    found = []
    for root, dirs, names in os.walk(site):
        relative = Path(root).relative_to(site).as_posix()
        found += [f"{relative}/{d}/".removeprefix("./") for d in dirs]
        found += [f"{relative}/{n}".removeprefix("./") for n in names]
    return sorted(found)


@pytest.fixture
def old(tmp_path: Path) -> Path:
    return _site(
        tmp_path / "old",
        {
            "index.html": "home",
            "articles/kept/index.html": "kept",
            "articles/deleted/index.html": "deleted",
            "incidents/2024-05-01-goma-shelling/index.html": "goma",
            "pagefind/index/part.pf_index": "search",
        },
    )


def test_the_folders_of_an_article_deleted_since_are_not_left_empty(old, tmp_path):
    new = tmp_path / "new"
    new.mkdir()
    folders = site_folders(old, lambda name: name == "pagefind")
    assert "pagefind" not in folders and "articles/deleted" in folders
    make_folders(new, folders)
    _site(new, {"articles/added/index.html": "added"})  # what MkDocs rendered

    outputs = ["index.html", "articles/kept/index.html", "articles/added/index.html",
               "incidents/2024-05-01-goma-shelling/index.html"]  # fmt: skip
    complete_from(old, new, outputs, made=folders)

    assert _tree(new) == sorted(
        [
            *outputs,
            "articles/",
            "articles/kept/",
            "articles/added/",
            "incidents/",
            "incidents/2024-05-01-goma-shelling/",
        ]
    )
    assert (new / "articles/added/index.html").read_text(encoding="utf-8") == "added"  # not the old site's
    assert os.path.samefile(new / "articles/kept/index.html", old / "articles/kept/index.html")
    assert (old / "articles/deleted/index.html").is_file()  # the old site is left as it was


def test_folders_made_while_mkdocs_writes_into_them_are_kept(old, tmp_path):
    new = _site(tmp_path / "new", {"articles/kept/extra.txt": "written first"})
    make_folders(new, site_folders(old))  # the folder is there already: no error
    complete_from(old, new, ["articles/kept/index.html", "articles/kept/extra.txt"], made=site_folders(old))
    assert _tree(new) == ["articles/", "articles/kept/", "articles/kept/extra.txt", "articles/kept/index.html"]


def test_an_output_the_old_site_lacks_needs_a_full_build(old, tmp_path):
    new = tmp_path / "new"
    new.mkdir()
    with pytest.raises(FullBuildNeeded, match=r"articles/never/index\.html"):
        complete_from(old, new, ["articles/never/index.html"])
