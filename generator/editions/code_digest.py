"""Which code made a stored result: a digest of the source a stage runs.

A cached extraction, a stored article or a rendered page is reused only while
the code that made it is unchanged. That code is found by following a stage's
entry modules through their package imports (``from .x import y``,
``from ..figures import parse_day``, ``from . import x``, ``from generator.x
import y``), so that editing a page template invalidates no extraction and
editing a figure rule re-renders no page. An import of a stage's package face
(``from ..editions import source_digest``) is followed to the module that defines
each name it takes, not to the whole stage.

Modules are named by their dotted path inside the ``generator`` package:
``figures.extract``, ``site.render``, ``aliases``.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

FORMAT = 2
"""Bumped when what is digested changes."""
PACKAGE = Path(__file__).resolve().parent.parent
"""The ``generator`` package's folder."""

_FROM = re.compile(
    r"^[ \t]*from[ \t]+(?P<dots>\.+|generator\.|generator(?=[ \t]))(?P<module>[\w.]*)[ \t]+import[ \t]+"
    r"(?P<names>\([^)]*\)|[^\n]*)",
    re.MULTILINE,
)
"""A package import, at the top of a module or inside a function, in any of its forms."""


def _file(module: str) -> Path | None:
    """The source file of a module or package face of the package, if there is one."""
    base = PACKAGE.joinpath(*module.split(".")) if module else PACKAGE
    for candidate in (base.with_suffix(".py") if module else None, base / "__init__.py"):
        if candidate is not None and candidate.is_file():
            return candidate
    return None


def _is_package(module: str) -> bool:
    path = _file(module)
    return path is not None and path.name == "__init__.py"


def _names(group: str) -> list[str]:
    """``(a, b as c,\\n d)`` → ``[a, b, d]``."""
    parts = re.sub(r"#[^\n]*", "", group).strip().strip("()").replace("\n", " ").split(",")
    return [part.split()[0] for part in parts if part.strip() and not part.strip().startswith("#")]


def _base(current: str, dots: str, module: str) -> str:
    """The module an import names, resolved from the module ``current`` that makes it."""
    if dots.startswith("generator"):
        return module
    package = current.split(".") if _is_package(current) else current.split(".")[:-1]
    package = package[: len(package) - (len(dots) - 1)] if len(dots) > 1 else package
    return ".".join([*package, *([module] if module else [])])


def _defining_module(package: str, name: str) -> str:
    """The module of ``package`` whose definition of ``name`` its face hands on, or the face itself."""
    source = _file(package).read_text(encoding="utf-8")
    for found in _FROM.finditer(source):
        if name in _names(found["names"]):
            return _base(package, found["dots"], found["module"])
    return package


def imports(module: str) -> list[str]:
    """The package modules ``module`` imports, each name followed to where it is defined."""
    path = _file(module)
    if path is None:
        return []
    found = []
    for match in _FROM.finditer(path.read_text(encoding="utf-8")):
        base = _base(module, match["dots"], match["module"])
        for name in _names(match["names"]):
            inner = f"{base}.{name}" if base else name
            if _file(inner) is not None:
                found.append(inner)  # `from . import boilerplate`: a module
            elif base and _is_package(base):
                found.append(_defining_module(base, name))
            elif base:
                found.append(base)
    return found


@cache
def code_modules(entry_points: tuple[str, ...]) -> tuple[str, ...]:
    """The package modules a stage runs: its entry points and, transitively, every module
    of the package they import."""
    seen: set[str] = set()
    todo = list(entry_points)
    while todo:
        name = todo.pop()
        if name in seen or _file(name) is None:
            continue
        seen.add(name)
        todo += imports(name)
    return tuple(sorted(seen))


def source_digest(entry_points: tuple[str, ...]) -> str:
    """A digest of the source of ``entry_points`` and every package module they import."""
    digest = hashlib.sha256(f"format {FORMAT}\n".encode())
    update_with_source(digest, entry_points)
    return digest.hexdigest()


def update_with_source(digest, entry_points: tuple[str, ...]) -> None:
    """Add the name and source of every module a stage runs to ``digest``."""
    for name in code_modules(entry_points):
        digest.update(f"module {name}\n".encode())
        digest.update(_file(name).read_bytes())
