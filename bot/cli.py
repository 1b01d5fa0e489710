"""The `duban` command: import plans, run the service, open the console."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from pathlib import Path

from bot import texts
from config.settings import Settings, get_settings
from store.ingest.service import import_files, parse_files, write_parsed
from store.repo import Store

_log = logging.getLogger(__name__)

EXIT_BAD_INPUT = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="duban", description="督办：政务公开任务督办机器人")
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="导入计划文件（.txt .docx .xlsx .pdf）")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--org", help="所属区/镇，覆盖或补充文件中的信息")
    imp.add_argument("--year", type=int, help="计划年度，覆盖或补充文件中的信息")
    imp.add_argument("--dry-run", action="store_true", help="只解析，不写入任务库")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出")
    sub.add_parser("run", help="启动服务（未配置机器人令牌时为控制台）")
    sub.add_parser("chat", help="交互式控制台")
    sub.add_parser("plans", help="列出已导入的计划")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `duban` console script."""
    args = _parser().parse_args(argv)
    settings = get_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    if args.command == "import":
        return _import(args, settings)
    if args.command in ("run", "chat"):
        return asyncio.run(_run(settings, seed=args.command == "run"))
    if args.command == "plans":
        return asyncio.run(_plans(settings))
    return 1


def _import(args: argparse.Namespace, settings: Settings) -> int:
    if args.dry_run:
        results, errors = parse_files(args.files, args.org, args.year)
        for err in errors:
            print(texts.IMPORT_FAILED.format(file=err.path, reason=err.reason), file=sys.stderr)
        if errors:
            return EXIT_BAD_INPUT
        for result in results:
            if args.json:
                print(json.dumps(result.plan.to_json(), ensure_ascii=False))
            else:
                plan = result.plan
                print(f"{result.path}：{plan.org} {plan.year}年 {plan.title or ''}，"
                      f"{len(plan.tasks)} 项任务（版式：{plan.layout}）")
            _print_warnings(result.path, result.plan.warnings)
        return 0
    return asyncio.run(_import_write(args, settings))


async def _import_write(args: argparse.Namespace, settings: Settings) -> int:
    results, errors = parse_files(args.files, args.org, args.year)
    if errors:
        for err in errors:
            print(texts.IMPORT_FAILED.format(file=err.path, reason=err.reason), file=sys.stderr)
        print(texts.IMPORT_NOTHING_WRITTEN, file=sys.stderr)
        return EXIT_BAD_INPUT
    store = await Store.open(settings.database_url)
    try:
        await write_parsed(store, results)
    finally:
        await store.close()
    for result in results:
        report = result.report
        assert report is not None
        if args.json:
            print(json.dumps({
                "file": result.path, "org": report.org, "year": report.year, "status": report.status,
                "tasks": report.tasks, "added": report.added, "changed": report.changed,
                "removed": report.removed, "warnings": result.plan.warnings,
            }, ensure_ascii=False))
        else:
            print(texts.IMPORT_OK.format(file=Path(result.path).name, org=report.org, year=report.year,
                                         tasks=report.tasks, status=texts.STATUS_WORDS[report.status]))
            if report.status == "updated":
                print(texts.IMPORT_CHANGES.format(added=len(report.added), changed=len(report.changed),
                                                  removed=len(report.removed)))
        _print_warnings(result.path, result.plan.warnings)
    return 0


def _print_warnings(path: str, warnings: list[str]) -> None:
    for warning in warnings:
        print(texts.WARNING_LINE.format(file=Path(path).name, warning=warning), file=sys.stderr)


async def seed_samples(store: Store, settings: Settings) -> list[str]:
    """Import the bundled sample plans into an empty store; the names imported."""
    if not await store.is_empty():
        return []
    files = sorted(Path(settings.sample_plans_dir).glob("*.txt"))
    if not files:
        return []
    results = await import_files(store, files)
    return [Path(r.path).name for r in results]


async def _run(settings: Settings, seed: bool) -> int:
    from bot.adapters.console import run_console

    store = await Store.open(settings.database_url)
    try:
        if seed:
            names = await seed_samples(store, settings)
            if names:
                print(texts.SAMPLES_IMPORTED.format(names="、".join(names)), file=sys.stderr)
        await run_console(store)
    finally:
        await store.close()
    return 0


async def _plans(settings: Settings) -> int:
    from bot.handlers.plans import answer

    store = await Store.open(settings.database_url)
    try:
        print(await answer(store, "计划"))
    finally:
        await store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
