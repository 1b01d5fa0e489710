"""The README is tested: every command it shows runs, every setting it names exists, every link
resolves, and it stays under 200 lines.

Conventions (also in docs/testing.md):
- A ```console block is a transcript, run against a fresh copy of the seeded sample store with
  the clock fixed to the demo day. `$ duban …` runs the command; `> TEXT` is typed into the
  console the last `$ duban run` or `$ duban chat` opened; the lines after a `$` or `>` line, up
  to the next one, are what it prints (stdout and stderr as a terminal shows them; log lines
  and blank lines ignored). A line that is exactly `…` matches any number of lines; `…` inside
  a line matches any text. Lines starting with `#` are comments.
- A ```sh block holds commands that need a network, a token or a long time (`make run`,
  `make test`, `duban run` with Telegram): each `duban …` line must parse, each `make X` must be
  a target of the Makefile. Inline `duban …` code in the prose must parse too.
"""

from __future__ import annotations

import argparse
import io
import re
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pydantic_settings import BaseSettings

from bot.cli import main, parser
from config.settings import Settings, get_settings
from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS = ROOT / "docs"
# The day the transcripts run on: None, as a new user's would — a store of only the sample plans
# runs on its demo day (2025-10-20) by itself.
DEMO_DAY: str | None = None
# Images the README shows that are produced elsewhere; the link test leaves them to their own test.
PENDING_IMAGES: set[str] = set()
TEST_ONLY_SETTINGS = {"DUBAN_TEST_POSTGRES_URL"}
# Prefixes of platforms still planned, named where docs/architecture.md explains how to add one.
PLANNED_SETTINGS = {"DUBAN_DINGTALK_"}
ANY = "…"
_LOG_LINE = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ ")
_CONSOLES = {"run", "chat"}


# ---- reading the markdown ---------------------------------------------------------------------

def fenced_blocks(text: str, lang: str) -> list[tuple[int, list[str]]]:
    """The ```lang blocks of a markdown text: (line number of the fence, the lines inside)."""
    blocks, current, start = [], None, 0
    for number, line in enumerate(text.splitlines(), 1):
        if current is None and line.strip() == f"```{lang}":
            current, start = [], number
        elif current is not None and line.strip() == "```":
            blocks.append((start, current))
            current = None
        elif current is not None:
            current.append(line)
    return blocks


@dataclass
class Typed:
    """A line typed into a console and what it prints."""

    text: str
    expected: list[str] = field(default_factory=list)


@dataclass
class Command:
    """A `$ duban …` line: its arguments, what it prints before any input, the lines typed."""

    argv: list[str]
    expected: list[str] = field(default_factory=list)
    typed: list[Typed] = field(default_factory=list)

    def stdin(self) -> str:
        """The typed lines, as piped into the console."""
        return "".join(t.text + "\n" for t in self.typed)

    def all_expected(self) -> list[str]:
        """Everything the command should print, in order."""
        return self.expected + [line for t in self.typed for line in t.expected]


def transcript(lines: list[str]) -> list[Command]:
    """The commands of a console block (see the module's docstring)."""
    commands: list[Command] = []
    for line in (raw.rstrip() for raw in lines):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("$ "):
            argv = shlex.split(line[2:])
            assert argv[0] == "duban", f"a console block runs duban only: {line}"
            commands.append(Command(argv[1:]))
        elif line.startswith("> ") or line == ">":
            assert commands and commands[-1].argv[:1] and commands[-1].argv[0] in _CONSOLES, (
                f"typed without a console: {line}")
            commands[-1].typed.append(Typed(line[2:]))
        else:
            assert commands, f"output before any command: {line}"
            cmd = commands[-1]
            (cmd.typed[-1].expected if cmd.typed else cmd.expected).append(line)
    return commands


def pattern(expected: list[str]) -> re.Pattern[str]:
    """Expected lines as one regular expression over output lines ending in newlines."""
    parts = []
    for line in expected:
        if line.strip() == ANY:
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append("[^\n]*".join(re.escape(p) for p in line.split(ANY)) + r"[ \t]*\n")
    return re.compile("".join(parts))


def matches(expected: list[str], printed: list[str]) -> bool:
    """Whether the printed lines are what the transcript shows."""
    return pattern(expected).fullmatch("".join(line + "\n" for line in printed)) is not None


def shown(printed: str) -> list[str]:
    """What a transcript compares: the lines printed, without blank lines and log lines."""
    return [line for line in printed.splitlines() if line.strip() and not _LOG_LINE.match(line)]


def console_blocks() -> list[tuple[int, list[Command]]]:
    """The README's console blocks, parsed."""
    return [(start, transcript(lines))
            for start, lines in fenced_blocks(README.read_text(encoding="utf-8"), "console")]


def _params(blocks: list[tuple[int, list[Command]]]) -> list[object]:
    return [pytest.param(cmds, id=f"README-line-{start}") for start, cmds in blocks]


# ---- running a transcript ---------------------------------------------------------------------

@pytest.fixture
def sample_store(db: Path, seeded_template: Path, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the seeded sample store as `duban` sees it: the demo day, no platform."""
    import os

    shutil.copy(seeded_template, db)
    for name in list(os.environ):
        if name.startswith("DUBAN_") and name != "DUBAN_DATABASE_URL":
            monkeypatch.delenv(name)
    if DEMO_DAY is not None:
        monkeypatch.setenv("DUBAN_TODAY", DEMO_DAY)
    monkeypatch.setenv("DUBAN_OUT_DIR", str(tmp_path / "out"))
    # The transcripts' paths are the project's (samples/…), but a developer's .env is not read.
    work = tmp_path / "work"
    work.mkdir()
    (work / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(work)
    get_settings.cache_clear()
    return db


def run(cmd: Command, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    """Run one command in this process, stdout and stderr interleaved as on a terminal."""
    out = io.StringIO()
    with monkeypatch.context() as m:
        m.setattr(sys, "stdin", io.StringIO(cmd.stdin()))
        m.setattr(sys, "stdout", out)
        m.setattr(sys, "stderr", out)
        try:
            code = main(cmd.argv)
        except SystemExit as stop:
            code = int(stop.code or 0)
    get_settings.cache_clear()
    return code, shown(out.getvalue())


def check(commands: list[Command], monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the commands one after another on the same store; each prints what is shown."""
    for cmd in commands:
        code, printed = run(cmd, monkeypatch)
        expected = cmd.all_expected()
        assert code == 0, f"duban {shlex.join(cmd.argv)} exited {code}:\n" + "\n".join(printed)
        assert matches(expected, printed), (
            f"duban {shlex.join(cmd.argv)}\n--- shown in the README:\n" + "\n".join(expected)
            + "\n--- printed:\n" + "\n".join(printed))


@pytest.mark.parametrize("commands", _params(console_blocks()))
def test_console_block_runs_as_shown(commands: list[Command], sample_store: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    check(commands, monkeypatch)


# ---- commands that are only parsed ------------------------------------------------------------

def _shell_commands(lines: list[str]) -> list[list[str]]:
    """The commands of a sh block: continuations joined, comments and VAR=value dropped."""
    joined, words = " ".join(line.rstrip("\\") if line.endswith("\\") else line + "\n"
                             for line in lines), []
    for line in joined.splitlines():
        argv = shlex.split(line, comments=True)
        while argv and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", argv[0]):
            argv.pop(0)
        if argv:
            words.append(argv)
    return words


def shown_commands() -> list[list[str]]:
    """Every command of the README's sh blocks and every inline `duban …` of its prose."""
    text = README.read_text(encoding="utf-8")
    found = [argv for _, lines in fenced_blocks(text, "sh") for argv in _shell_commands(lines)]
    outside = re.sub(r"```.*?```", "", text, flags=re.S)
    found += [shlex.split(code) for code in re.findall(r"`((?:\.venv/bin/)?duban [^`]+)`", outside)]
    return found


def unknown_words(argv: list[str]) -> list[str]:
    """The subcommands and options of a `duban …` mention that duban does not have (its
    positional arguments may be left out: prose names `duban tasks edit` alone)."""
    current, unknown = parser(), []
    for word in argv:
        subs = [a for a in current._actions if isinstance(a, argparse._SubParsersAction)]
        if word.startswith("-"):
            if word.partition("=")[0] not in current._option_string_actions:
                unknown.append(word)
        elif subs and word in subs[0].choices:
            current = subs[0].choices[word]
        elif subs:
            unknown.append(word)
    return unknown


def test_every_shown_command_parses() -> None:
    targets = set(re.findall(r"^([\w-]+):", (ROOT / "Makefile").read_text(), flags=re.M))
    text = README.read_text(encoding="utf-8")
    blocks = [argv for _, lines in fenced_blocks(text, "sh") for argv in _shell_commands(lines)]
    assert blocks
    for argv in shown_commands():
        program = Path(argv[0]).name
        if program == "make":
            assert set(argv[1:]) <= targets, f"no such make target: {shlex.join(argv)}"
        elif program == "duban":
            assert unknown_words(argv[1:]) == [], shlex.join(argv)
            if argv in blocks:  # a command to type as it is: complete
                try:
                    parser().parse_args(argv[1:])
                except SystemExit:
                    pytest.fail(f"the README shows a command duban does not take: "
                                f"{shlex.join(argv)}")


# ---- settings, links, length ------------------------------------------------------------------

def setting_names(cls: type[BaseSettings] = Settings) -> set[str]:
    """Every DUBAN_ variable the settings read, slices included."""
    prefix = str(cls.model_config.get("env_prefix", "")).upper()
    names = set()
    for name, info in cls.model_fields.items():
        kind = info.annotation
        if isinstance(kind, type) and issubclass(kind, BaseSettings):
            names |= setting_names(kind)
        else:
            names.add(prefix + name.upper())
    return names


def pages() -> list[Path]:
    """The README and every docs page."""
    return [README, *sorted(DOCS.rglob("*.md"))]


def test_every_setting_named_exists() -> None:
    known = setting_names() | TEST_ONLY_SETTINGS | PLANNED_SETTINGS
    for page in pages():
        for name in set(re.findall(r"\bDUBAN_[A-Z0-9_]*", page.read_text(encoding="utf-8"))):
            if name.endswith("_"):  # a prefix: DUBAN_WECOM_*, DUBAN_REMIND_…
                assert any(k.startswith(name) for k in known), f"{page.name}: {name}"
            else:
                assert name in known, f"{page.name} names {name}, which config/settings.py lacks"


def test_the_settings_page_lists_every_setting() -> None:
    listed = set(re.findall(r"`(DUBAN_[A-Z0-9_]+)`", (DOCS / "settings.md").read_text("utf-8")))
    assert setting_names() - listed == set()


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors of a page's headings."""
    found = set()
    for heading in re.findall(r"^#+ (.+)$", page.read_text(encoding="utf-8"), flags=re.M):
        found.add(re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-"))
    return found


def links(page: Path) -> list[str]:
    """The local targets a page links to (images too)."""
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    return [t for t in re.findall(r"\]\(([^)\s]+)\)", text)
            if not re.match(r"[a-z]+:", t)]


def test_every_docs_link_resolves() -> None:
    assert any(t.startswith("docs/") for t in links(README))
    for page in pages():
        for target in links(page):
            path, _, anchor = target.partition("#")
            resolved = (page.parent / path).resolve() if path else page
            if resolved.relative_to(ROOT).as_posix() in PENDING_IMAGES:
                continue
            assert resolved.exists(), f"{page.name} links to {target}, which does not exist"
            if anchor:
                assert anchor in _anchors(resolved), f"{page.name}: no heading for {target}"


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {(ROOT / t.partition("#")[0]).resolve() for t in links(README)}
    assert [p.name for p in DOCS.rglob("*.md") if p.resolve() not in linked] == []


def test_the_readme_shows_a_chat_and_the_chart() -> None:
    shown = {t for t in links(README) if t.endswith(".png")}
    assert {"docs/img/chat.png", "docs/img/chart.png", "docs/img/dashboard.png"} <= shown
    assert all((ROOT / image).read_bytes().startswith(b"\x89PNG") for image in shown)


def test_the_readme_is_short() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) < 200


# ---- the checker itself -----------------------------------------------------------------------

def test_transcripts_read_typed_lines_and_replies() -> None:
    (cmd,) = transcript(["# a comment", "$ duban chat --as 长宁区", "> 第9项", "【长宁区】…", "",
                         "…", "> 退出"])
    assert cmd.argv == ["chat", "--as", "长宁区"] and cmd.stdin() == "第9项\n退出\n"
    assert cmd.all_expected() == ["【长宁区】…", "…"]


def test_an_ellipsis_matches_text_in_a_line_and_lines_of_a_block() -> None:
    assert matches(["第9项〔…〕", "…", "完"], ["第9项〔10月〕", "a", "b", "完"])
    assert matches(["…", "完"], ["完"])
    assert not matches(["第9项"], ["第9项", "多一行"])
    assert not matches(["第9项〔…〕"], ["第10项〔10月〕"])


