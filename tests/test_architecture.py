"""Dependencies point inward: the store, handlers and scheduler policy import no platform library."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT

FORBIDDEN = {"telegram", "httpx", "aiohttp", "fastapi", "starlette", "apscheduler"}
INNER = ["store", "bot/handlers", "bot/nlu", "config"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_inner_layers_import_no_platform_library() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(_imports(path) & FORBIDDEN)
        for folder in INNER if (ROOT / folder).exists()
        for path in (ROOT / folder).rglob("*.py")
        if _imports(path) & FORBIDDEN
    }
    assert offenders == {}


def test_store_does_not_import_the_bot() -> None:
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "store").rglob("*.py") if "bot" in _imports(p)]
    assert offenders == []


def _full_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_parser_does_no_io_and_handlers_no_sql() -> None:
    database = {"sqlalchemy", "aiosqlite", "asyncpg", "store.repo", "store.reader", "store.db"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(n for n in _full_imports(path)
                                            if n in database or n.split(".")[0] in database)
        for path in (ROOT / "bot" / "nlu").rglob("*.py")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    sql = {str(p.relative_to(ROOT)) for p in (ROOT / "bot" / "handlers").rglob("*.py")
           if any(n.split(".")[0] == "sqlalchemy" for n in _full_imports(p))}
    assert sql == set()
