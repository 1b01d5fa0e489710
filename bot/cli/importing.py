"""`duban import FILE... [--org ORG] [--year YEAR] [--dry-run] [--json]`: plans into the store.

Everything about importing on the command line is here: its options, the dry run, the write and
what is printed."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot import texts
from bot.cli.common import EXIT_BAD_INPUT

if TYPE_CHECKING:
    from config.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    """The `import` subcommand."""
    imp = sub.add_parser("import", help="导入计划文件（.txt .docx .xlsx .pdf）")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--org", help="所属区/镇，覆盖或补充文件中的信息")
    imp.add_argument("--year", type=int, help="计划年度，覆盖或补充文件中的信息")
    imp.add_argument("--dry-run", action="store_true", help="只解析，不写入任务库")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出")
    imp.set_defaults(run=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Parse the files; unless a dry run, write them (nothing at all when one file is bad)."""
    from store.ingest.service import parse_files

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
    return asyncio.run(_write(args, settings))


async def _write(args: argparse.Namespace, settings: Settings) -> int:
    from store.ingest.service import parse_files, write_parsed
    from store.repo import Store

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
