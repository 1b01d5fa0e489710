"""`duban import FILE...` and `duban tasks edit ORG YEAR SEQ`: plans into the store, reviewed, fixed.

Everything about importing on the command line is here: the options, the dry run's review, the
write and what is printed, and the corrections an administrator makes afterwards."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bot import texts
from bot.cli.common import EXIT_BAD_INPUT, run_async

if TYPE_CHECKING:
    from config.settings import Settings


def add(sub: argparse._SubParsersAction) -> None:
    """The `import` and `tasks edit` subcommands."""
    imp = sub.add_parser("import", help="导入计划文件（.txt .docx .xlsx .pdf）")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--org", help="所属区/镇，覆盖或补充文件中的信息")
    imp.add_argument("--year", type=int, help="计划年度，覆盖或补充文件中的信息")
    imp.add_argument("--dry-run", action="store_true", help="只解析并列出读到的内容，不写入任务库")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出")
    imp.add_argument("--replace", action="store_true",
                     help="允许修订移除计划中超过四分之一的任务（或只剩不到一半），即用文件替换整个计划")
    imp.set_defaults(run=run)
    tasks = sub.add_parser("tasks", help="修正导入的任务")
    tasks_sub = tasks.add_subparsers(dest="tasks_command", required=True)
    edit = tasks_sub.add_parser("edit", help="修正某项任务的责任单位、完成时限或内容（重新导入后仍保留）")
    edit.add_argument("org", metavar="ORG")
    edit.add_argument("year", type=int, metavar="YEAR")
    edit.add_argument("seq", type=int, metavar="SEQ")
    edit.add_argument("--units", help="责任单位，如 区府办(牵头)、区数据局、各部门(落实)")
    edit.add_argument("--deadline", help="完成时限，如 10月底前、2025-11-30、全年")
    edit.add_argument("--content", help="任务内容")
    edit.add_argument("--by", help="修正人（默认为当前系统用户）")
    edit.set_defaults(run=lambda args, settings: run_async(edit_task(args, settings)))


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
                from store.ingest.review import review

                print(review(result.plan, result.path))
        return 0
    return run_async(_write(args, settings))


async def _write(args: argparse.Namespace, settings: Settings) -> int:
    from store.ingest.service import RevisionsRefused, parse_files, write_parsed
    from store.repo import Store

    results, errors = parse_files(args.files, args.org, args.year)
    if errors:
        for err in errors:
            print(texts.IMPORT_FAILED.format(file=err.path, reason=err.reason), file=sys.stderr)
        print(texts.IMPORT_NOTHING_WRITTEN, file=sys.stderr)
        return EXIT_BAD_INPUT
    store = await Store.open(settings.database_url, upgrade=False)
    try:
        await write_parsed(store, results, replace=args.replace)
    except RevisionsRefused as err:
        for path, why in err.refused:
            print(texts.IMPORT_REFUSED.format(
                file=Path(path).name, org=why.org, year=why.year, active=why.active,
                n=len(why.removed), seqs=_ranges(why.removed), left=why.left),
                file=sys.stderr)
        print(texts.IMPORT_NOTHING_WRITTEN, file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        await store.close()
    for result in results:
        report = result.report
        assert report is not None
        if args.json:
            print(json.dumps({
                "file": result.path, "org": report.org, "year": report.year, "status": report.status,
                "tasks": report.tasks, "added": report.added, "changed": report.changed,
                "removed": report.removed, "corrected": report.corrected,
                "conflicts": [c.describe() for c in report.conflicts], "warnings": result.plan.warnings,
            }, ensure_ascii=False))
        else:
            print(texts.IMPORT_OK.format(file=Path(result.path).name, org=report.org, year=report.year,
                                         tasks=report.tasks, status=texts.STATUS_WORDS[report.status]))
            if report.status == "updated":
                print(texts.IMPORT_CHANGES.format(added=len(report.added), changed=len(report.changed),
                                                  removed=len(report.removed)))
            if report.corrected:
                print(texts.IMPORT_CORRECTED.format(tasks="、".join(map(str, report.corrected))))
            for conflict in report.conflicts:
                print(texts.WARNING_LINE.format(file=Path(result.path).name, warning=conflict.describe()))
        _print_warnings(result.path, result.plan.warnings)
    return 0


def _ranges(seqs: list[int]) -> str:
    """Task numbers as runs: 2–31、35."""
    runs: list[list[int]] = []
    for seq in sorted(seqs):
        if runs and seq == runs[-1][-1] + 1:
            runs[-1].append(seq)
        else:
            runs.append([seq])
    return "、".join(f"{r[0]}–{r[-1]}" if len(r) > 2 else "、".join(map(str, r)) for r in runs)


def _print_warnings(path: str, warnings: list[str]) -> None:
    for warning in warnings:
        print(texts.WARNING_LINE.format(file=Path(path).name, warning=warning), file=sys.stderr)


async def edit_task(args: argparse.Namespace, settings: Settings) -> int:
    """`duban tasks edit`: correct one task; the correction is recorded and survives re-imports."""
    from bot.clock import stamp
    from store.corrections import FIELD_NAMES, CorrectionError
    from store.directory.directory import default_directory
    from store.repo import Store

    values = {k: v for k, v in (("units", args.units), ("deadline", args.deadline),
                                ("content", args.content)) if v is not None}
    if not values:
        print(texts.EDIT_NOTHING, file=sys.stderr)
        return EXIT_BAD_INPUT
    directory = default_directory()
    org = directory.resolve_org(args.org) or args.org
    author = f"命令行:{args.by or getpass.getuser()}"
    store = await Store.open(settings.database_url, upgrade=False)
    try:
        report = await store.correct_task(org, args.year, args.seq, values, author,
                                          now=stamp(settings), directory=directory)
    except CorrectionError as err:
        print(texts.EDIT_FAILED.format(why=err), file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        await store.close()
    print(texts.EDIT_OK.format(org=report.org, year=report.year, seq=report.seq))
    for name, before, after in report.changes:
        print(texts.EDIT_CHANGE.format(field=FIELD_NAMES[name], before=before or "（空）", after=after))
    print(texts.EDIT_RECORDED.format(author=report.author))
    return 0
