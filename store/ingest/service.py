"""Importing files end to end: read, parse, and (unless a dry run) write, one transaction per file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from store.directory.directory import Directory, default_directory
from store.ingest.document import IngestError
from store.ingest.importer import parse_document
from store.ingest.model import ParsedPlan
from store.ingest.readers import read_bytes, read_document
from store.repo import ImportReport, RevisionRefused, Store


@dataclass
class FileResult:
    """One file's parsed plan and, after writing, its import report."""

    path: str
    plan: ParsedPlan
    report: ImportReport | None = None


def parse_files(paths: list[str | Path], org: str | None = None, year: int | None = None,
                directory: Directory | None = None) -> tuple[list[FileResult], list[IngestError]]:
    """Parse every file; the errors of bad files are collected, not raised."""
    directory = directory or default_directory()
    results: list[FileResult] = []
    errors: list[IngestError] = []
    for path in paths:
        try:
            doc = read_document(path)
            results.append(FileResult(str(path), parse_document(doc, directory, org=org, year=year)))
        except IngestError as exc:
            errors.append(IngestError(path, exc.reason))  # name the file as the user gave it
    return results, errors


def parse_data(name: str, data: bytes, directory: Directory | None = None) -> ParsedPlan:
    """Parse a file's contents sent in chat, with every check of a file on disk; IngestError
    (a Chinese reason) when it cannot be imported."""
    return parse_document(read_bytes(name, data), directory or default_directory())


async def import_files(store: Store, paths: list[str | Path], org: str | None = None,
                       year: int | None = None) -> list[FileResult]:
    """Parse all files, then write each in its own transaction; any bad file means nothing is written."""
    results, errors = parse_files(paths, org, year)
    if errors:
        raise ImportFailed(errors)
    return await write_parsed(store, results)


async def write_parsed(store: Store, results: list[FileResult],
                       replace: bool = False) -> list[FileResult]:
    """Write parsed plans, each file in its own transaction; reports are filled in. Unless
    `replace`, a revision that would take too much of a plan away is refused for every file
    before any is written (RevisionsRefused)."""
    if not replace:
        refused = [(r.path, why) for r in results
                   if (why := await store.check_revision(r.plan)) is not None]
        if refused:
            raise RevisionsRefused(refused)
    for result in results:
        result.report = await store.import_plan(result.plan, replace=replace)
    return results


class RevisionsRefused(Exception):
    """Files whose revision would take too much of a plan away; nothing was written."""

    def __init__(self, refused: list[tuple[str, RevisionRefused]]) -> None:
        self.refused = refused
        super().__init__("; ".join(f"{path}: {why}" for path, why in refused))


class ImportFailed(Exception):
    """One or more files could not be imported; nothing was written."""

    def __init__(self, errors: list[IngestError]) -> None:
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors))
