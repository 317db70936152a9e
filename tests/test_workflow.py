"""The publishing workflow (.github/workflows/publish.yml), checked as a file: it
cannot run here, so these tests read it the way GitHub would and hold it to what
the README promises a desk that publishes with CI."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.specifiers import SpecifierSet

from generator.settings import CACHE_ENV, CONFIG_FILE, Settings

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
WORKSPACE = "${{ github.workspace }}"


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: its ``!relative`` and ``!ENV`` tags read as nothing."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config() -> dict[str, Any]:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def triggers(workflow: dict[str, Any]) -> dict[str, Any]:
    """The ``on:`` block. YAML 1.1 (PyYAML) reads the bare key ``on`` as ``True``."""
    on = workflow.get("on", workflow.get(True))
    assert isinstance(on, dict), "publish.yml: 'on:' must be a mapping of events"
    return on


def build_job(workflow: dict[str, Any]) -> dict[str, Any]:
    return workflow["jobs"]["build"]


def deploy_job(workflow: dict[str, Any]) -> dict[str, Any]:
    return workflow["jobs"]["deploy"]


def uses(step: dict[str, Any], action: str) -> bool:
    """Whether the step runs ``action`` (``owner/name``), at any version."""
    return str(step.get("uses", "")).split("@")[0] == action


def runs(step: dict[str, Any], *words: str) -> bool:
    """Whether the step's shell script contains every one of ``words``."""
    script = str(step.get("run", ""))
    return all(word in script for word in words)


def only_step(steps: list[dict[str, Any]], what: str, matches) -> tuple[int, dict[str, Any]]:
    """The index and body of the one step that ``matches``; fails naming ``what`` is missing."""
    found = [(i, step) for i, step in enumerate(steps) if matches(step)]
    assert len(found) == 1, f"publish.yml: expected one step that {what}, found {len(found)}"
    return found[0]


def cache_step(workflow: dict[str, Any]) -> dict[str, Any]:
    return only_step(build_job(workflow)["steps"], "uses actions/cache", lambda s: uses(s, "actions/cache"))[1]


def restore_keys(step: dict[str, Any]) -> list[str]:
    return [line.strip() for line in str(step["with"].get("restore-keys", "")).splitlines() if line.strip()]


def workspace_relative(path: str) -> str:
    """A path as the workflow writes it, relative to the checkout."""
    return path.removeprefix(WORKSPACE).lstrip("/") or "."


# --- when it runs ------------------------------------------------------------------


def test_a_new_article_pushed_to_main_publishes_the_site(workflow):
    push = triggers(workflow)["push"]
    assert push["branches"] == ["main"]
    assert "seeds/**" in push["paths"], "an article added to seeds/ must trigger a publication"
    assert "paths-ignore" not in push


def test_every_file_the_site_is_built_from_triggers_a_rebuild(workflow):
    defaults = Settings()
    mkdocs = mkdocs_config()
    inputs = {
        f"{defaults.articles.as_posix()}/**",
        defaults.mkdocs_config.as_posix(),
        CONFIG_FILE,
        defaults.registry.as_posix(),
        defaults.corrections.as_posix(),
        f"{defaults.docs_dir.as_posix()}/**",
        f"{mkdocs['theme']['custom_dir']}/**",
        "requirements/**",
    }
    missing = sorted(inputs - set(triggers(workflow)["push"]["paths"]))
    assert not missing, f"publish.yml: add these to on.push.paths, or edits to them never reach the site: {missing}"


def test_the_desk_can_rebuild_the_site_on_demand(workflow):
    assert "workflow_dispatch" in triggers(workflow)


def test_one_publication_runs_at_a_time_and_none_is_cut_short(workflow):
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}


# --- how it builds -----------------------------------------------------------------


def test_the_build_goes_from_checkout_to_a_strict_build_to_the_pages_upload(workflow):
    steps = build_job(workflow)["steps"]
    order = [
        only_step(steps, "checks out the repository", lambda s: uses(s, "actions/checkout"))[0],
        only_step(steps, "sets up Python", lambda s: uses(s, "actions/setup-python"))[0],
        only_step(steps, "restores the extraction cache", lambda s: uses(s, "actions/cache"))[0],
        only_step(steps, "installs the pinned requirements", lambda s: runs(s, "--require-hashes"))[0],
        only_step(steps, "runs the build", lambda s: runs(s, "briefings build"))[0],
        only_step(steps, "uploads the site", lambda s: uses(s, "actions/upload-pages-artifact"))[0],
    ]
    assert order == sorted(order), f"publish.yml: build steps out of order (their positions: {order})"


def test_python_is_the_oldest_version_the_project_supports(workflow):
    _, setup = only_step(build_job(workflow)["steps"], "sets up Python", lambda s: uses(s, "actions/setup-python"))
    version = setup["with"]["python-version"]
    # Unquoted, YAML reads 3.10 as the number 3.1.
    assert isinstance(version, str), 'publish.yml: quote python-version, e.g. "3.11"'
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    floor = next(spec.version for spec in SpecifierSet(requires) if spec.operator == ">=")
    assert version == floor, f"publish.yml builds with Python {version}; pyproject.toml supports {requires}"


def test_pip_downloads_are_kept_between_runs_until_the_pins_change(workflow):
    _, setup = only_step(build_job(workflow)["steps"], "sets up Python", lambda s: uses(s, "actions/setup-python"))
    assert setup["with"]["cache"] == "pip"
    keyed_on = str(setup["with"]["cache-dependency-path"]).split()
    assert any(fnmatch("requirements/run.txt", pattern) for pattern in keyed_on), (
        f"publish.yml: key the pip cache on requirements/run.txt, not {keyed_on}"
    )
    assert not any("seeds" in pattern for pattern in keyed_on), "a new article must not empty the pip cache"


def test_dependencies_are_installed_only_if_their_hashes_match(workflow):
    _, install = only_step(
        build_job(workflow)["steps"], "installs the pinned requirements", lambda s: runs(s, "--require-hashes")
    )
    assert runs(install, "-r requirements/run.txt", "--no-deps")
    assert runs(install, "-e ."), "the install must also install this project (the briefings command)"
    compile_package = "-m compileall -q generator"
    assert compile_package in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert runs(install, compile_package), "CI's install must compile the package as `make site` does"


def test_a_bad_article_or_a_stale_correction_stops_the_publication(workflow):
    _, build = only_step(build_job(workflow)["steps"], "runs the build", lambda s: runs(s, "briefings build"))
    assert runs(build, "--strict"), "publish.yml: run `briefings build --strict`"


def test_the_upload_is_the_folder_the_build_writes(workflow):
    _, upload = only_step(
        build_job(workflow)["steps"], "uploads the site", lambda s: uses(s, "actions/upload-pages-artifact")
    )
    mkdocs = mkdocs_config()
    assert upload["with"]["path"] == Settings().site_dir.as_posix() == mkdocs["site_dir"]


# --- the extraction cache ----------------------------------------------------------


def test_the_workflow_keeps_the_folder_the_build_caches_into(workflow):
    kept = cache_step(workflow)["with"]["path"]
    assert workspace_relative(kept) == Settings().cache_dir.as_posix()
    moved = build_job(workflow).get("env", {}).get(CACHE_ENV)
    if moved is not None:
        assert workspace_relative(moved) == workspace_relative(kept), (
            f"publish.yml: {CACHE_ENV} ({moved}) and the cached path ({kept}) must be the same folder"
        )


def test_a_new_article_reuses_every_entry_the_previous_run_saved(workflow):
    step = cache_step(workflow)
    key, prefixes = step["with"]["key"], restore_keys(step)
    assert prefixes, "publish.yml: give the cache step restore-keys, or every new commit starts from nothing"
    prefix = next((p for p in prefixes if key.startswith(p)), None)
    assert prefix is not None, f"publish.yml: no restore-key is a prefix of the cache key {key!r}: {prefixes}"
    # What changes from run to run must come after the prefix: then each run saves
    # its own cache (a key, once saved, is never overwritten) and the next run
    # restores the newest one.
    per_run = key[len(prefix) :]
    assert re.search(r"github\.(run_id|sha)", per_run), f"publish.yml: end the cache key with a per-run part: {key!r}"
    for changes_with_articles in ("github.sha", "github.run_id", "seeds", "hashFiles"):
        assert changes_with_articles not in prefix, (
            f"publish.yml: the restore-key {prefix!r} changes with {changes_with_articles}, so a new article would miss it"
        )


# --- incidents.yml and the deployment ----------------------------------------------


def test_new_incident_addresses_are_committed_before_the_site_goes_live(workflow):
    job = build_job(workflow)
    steps = job["steps"]
    registry = Settings().registry.as_posix()
    build, _ = only_step(steps, "runs the build", lambda s: runs(s, "briefings build"))
    commit, step = only_step(steps, f"commits {registry}", lambda s: runs(s, "git commit"))
    upload, _ = only_step(steps, "uploads the site", lambda s: uses(s, "actions/upload-pages-artifact"))
    assert build < commit < upload, "publish.yml: commit the registry after the build and before the upload"
    assert registry in yaml.safe_dump(step), f"publish.yml: the commit step must add {registry}"
    assert runs(step, "git push"), "publish.yml: the commit step must push the commit"
    assert runs(step, "[skip ci]"), "publish.yml: mark the commit [skip ci] so that it cannot start another run"
    assert job["permissions"]["contents"] == "write", "the build job needs contents: write to push"


def test_only_the_deploy_job_may_publish_to_pages(workflow):
    assert workflow.get("permissions") in ({}, {"contents": "read"}), "publish.yml: grant write access per job"
    deploy = deploy_job(workflow)
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert "pages" not in build_job(workflow)["permissions"]


def test_the_deployment_publishes_what_the_build_uploaded(workflow):
    deploy = deploy_job(workflow)
    assert deploy["needs"] in ("build", ["build"])
    assert deploy["environment"]["name"] == "github-pages"
    _, step = only_step(deploy["steps"], "deploys to Pages", lambda s: uses(s, "actions/deploy-pages"))
    assert deploy["environment"]["url"] == f"${{{{ steps.{step['id']}.outputs.page_url }}}}"


# --- the file as a whole -----------------------------------------------------------

# Majors that no longer run: actions/cache before v4 lost its cache service, and
# the Pages actions before these majors upload with a retired artifact service.
RETIRED_BELOW = {"actions/cache": 4, "actions/upload-pages-artifact": 3, "actions/deploy-pages": 4}
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v(?P<major>\d+)(\.\d+){0,2}|[0-9a-f]{40})$")


def all_steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_every_action_is_pinned_to_a_version(workflow):
    actions = [step["uses"] for step in all_steps(workflow) if "uses" in step]
    assert actions, "publish.yml runs no action at all"
    loose = [action for action in actions if not PINNED.match(action)]
    assert not loose, f"publish.yml: pin these to @v<major> or a commit SHA: {loose}"
    for action in actions:
        match = PINNED.match(action)
        name = action.split("@")[0]
        if match["major"] and name in RETIRED_BELOW:
            assert int(match["major"]) >= RETIRED_BELOW[name], f"publish.yml: {action} no longer runs on GitHub"


def test_every_step_says_what_it_does(workflow):
    unnamed = [step.get("uses") or step.get("run") for step in all_steps(workflow) if not step.get("name")]
    assert not unnamed, f"publish.yml: name these steps, for the run's log: {unnamed}"


def test_the_readme_tells_a_desk_how_to_publish_with_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Publishing with CI\n(.*?)(?=^## |\Z)", readme, flags=re.MULTILINE | re.DOTALL)
    assert match, "README.md: add a '## Publishing with CI' section"
    section = match.group(1)
    assert ".github/workflows/publish.yml" in section
    assert Settings().registry.as_posix() in section, "the section must say what happens to incidents.yml"
    assert CACHE_ENV in section or Settings().cache_dir.as_posix() in section
