"""Dependencies point inward: the store, the domain, the parser, the handlers and the scheduler
import no platform library, and each inner layer imports only layers further in. The checker is
itself tested: an import added where it does not belong makes it fail."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

PLATFORM_LIBRARIES = {"telegram", "tornado", "httpx", "aiohttp", "fastapi", "starlette", "wechatpy",
                      "dingtalk_stream"}
# Inner folders, and what each may not import (beyond the platform libraries).
RULES: dict[str, set[str]] = {
    "store": {"bot", "apscheduler"},
    "config": {"bot.handlers", "bot.scheduler", "bot.adapters", "bot.app", "bot.cli", "apscheduler"},
    "bot/domain": {"bot.handlers", "bot.scheduler", "bot.adapters", "bot.app", "bot.cli",
                   "apscheduler"},
    "bot/nlu": {"bot.handlers", "bot.scheduler", "bot.adapters", "bot.app", "bot.cli",
                "apscheduler", "sqlalchemy", "aiosqlite", "asyncpg", "store.repo", "store.reader",
                "store.db"},
    "bot/handlers": {"bot.scheduler", "bot.adapters", "bot.app", "bot.cli", "apscheduler",
                     "sqlalchemy"},
    "bot/scheduler": {"bot.handlers", "bot.adapters", "bot.app", "bot.cli", "apscheduler"},
}
# The scheduler's clock is APScheduler; only its wiring may import it, never the policy.
APSCHEDULER_ALLOWED = {"bot/scheduler/service.py"}
# Heavy libraries, each confined to the files that need it (and loaded only when they run).
CONFINED = {"matplotlib": {"bot/handlers/charts.py"},
            "openpyxl": {"bot/handlers/ledger.py", "store/ingest/readers.py"},
            "prometheus_client": {"bot/metrics.py"}}


def imports(source: str) -> set[str]:
    """Every module a source imports (anywhere: at the top, in functions, under TYPE_CHECKING)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _covers(rule: str, module: str) -> bool:
    return module == rule or module.startswith(rule + ".")


def violations(files: dict[str, str]) -> dict[str, list[str]]:
    """For each inner file (path relative to the project -> source), the imports it may not make."""
    found: dict[str, list[str]] = {}
    for path, source in files.items():
        folder = next((f for f in RULES if path == f or path.startswith(f + "/")), None)
        if folder is None:
            continue
        banned = RULES[folder] | PLATFORM_LIBRARIES
        banned |= {lib for lib, allowed in CONFINED.items() if path not in allowed}
        if path in APSCHEDULER_ALLOWED:
            banned = banned - {"apscheduler"}
        bad = sorted(m for m in imports(source) if any(_covers(rule, m) for rule in banned))
        if bad:
            found[path] = bad
    return found


def project_sources() -> dict[str, str]:
    """Every Python file of the inner layers, by path relative to the project."""
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
            for folder in RULES for p in (ROOT / folder).rglob("*.py")}


def test_inner_layers_import_only_inward() -> None:
    assert violations(project_sources()) == {}


def test_the_scheduler_is_covered() -> None:
    covered = project_sources()
    assert "bot/scheduler/policy.py" in covered and "bot/scheduler/today.py" in covered


def _with(path: str, line: str) -> dict[str, str]:
    files = project_sources()
    files[path] = f"{line}\n{files[path]}"
    return files


def test_an_import_of_telegram_in_the_policy_fails_the_check() -> None:
    assert violations(_with("bot/scheduler/policy.py", "import telegram")) == {
        "bot/scheduler/policy.py": ["telegram"]}


def test_an_import_of_tornado_in_a_handler_fails_the_check() -> None:
    assert violations(_with("bot/handlers/listing.py", "import tornado.web")) == {
        "bot/handlers/listing.py": ["tornado.web"]}


def test_the_scheduler_may_not_reach_into_the_handlers() -> None:
    late = "def later():\n    from bot.handlers.answer import Answerer\n    return Answerer"
    assert violations(_with("bot/scheduler/outbox.py", late)) == {
        "bot/scheduler/outbox.py": ["bot.handlers.answer"]}


def test_httpx_and_apscheduler_stay_out_of_the_policy() -> None:
    got = violations(_with("bot/scheduler/policy.py", "import httpx\nfrom apscheduler import util"))
    assert got == {"bot/scheduler/policy.py": ["apscheduler", "httpx"]}


def test_store_does_not_import_the_bot() -> None:
    assert violations(_with("store/views.py", "from bot import texts")) == {
        "store/views.py": ["bot"]}


def test_parser_does_no_io_and_handlers_no_sql() -> None:
    assert violations(_with("bot/nlu/parser.py", "from store.reader import TaskReader")) == {
        "bot/nlu/parser.py": ["store.reader"]}
    assert violations(_with("bot/handlers/search.py", "from sqlalchemy import select")) == {
        "bot/handlers/search.py": ["sqlalchemy"]}


def test_lazy_imports_are_held_to_the_same_rules() -> None:
    assert imports("def chart():\n    import matplotlib.pyplot\n") == {"matplotlib.pyplot"}
    assert violations(_with("bot/handlers/summary.py", "def f():\n    import matplotlib")) == {
        "bot/handlers/summary.py": ["matplotlib"]}
