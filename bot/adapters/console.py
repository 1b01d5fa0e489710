"""The local console as a platform (`console`): what a person types at `duban chat`, what
`duban ask` is given, goes through the same core as a chat on any platform, as the chat the
options name (`--as ORG/UNIT`: a liaison's; `--as ORG`: a lead's; `--admin`, or no option: an
administrator's). Replies are printed; a chart or ledger is written to a file whose path is
printed."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from bot import texts
from bot.delivery import Delivery
from bot.domain.chat import ChatRef, Incoming, Reply
from bot.handlers.chat import ChatService
from bot.nlu.query import Query
from store.access import BindingView
from store.kinds import ChatRole

PLATFORM = "console"
_QUIT = {"退出", "exit", "quit", "/quit", "q"}
_UNSAFE = re.compile(r"[^\w\u4e00-\u9fff.-]+")


@dataclass(frozen=True)
class Identity:
    """Who the console speaks as: its chat, the bindings that chat has, and whether it administers."""

    chat: ChatRef
    bindings: tuple[BindingView, ...] = ()
    admin: bool = False


async def identity(chats: ChatService, as_: str | None, admin: bool) -> Identity:
    """The chat `--as` names: 普陀区/区数据局 (or 普陀/数据局) a liaison's, 普陀区 a lead's (a town
    with a plan of its own, 华亭镇, speaks for itself); none: an administrator's. Raises UserError
    for a unit that is unknown or of another district."""
    if not as_:
        return Identity(ChatRef(PLATFORM, "admin"), admin=True)
    org_text, _, unit_text = as_.replace("／", "/").partition("/")
    org, unit = await chats.answerer.resolve(org_text, unit_text)
    role = ChatRole.LIAISON if unit else ChatRole.LEAD
    chat = ChatRef(PLATFORM, f"{org}/{unit}" if unit else str(org))
    binding = BindingView(0, PLATFORM, chat.chat_id, str(org), unit, role, datetime.now(UTC))
    return Identity(chat, (binding,), admin)


@dataclass
class Exchange:
    """One message from the console and what came of it."""

    query: Query | None
    replies: list[Reply]  # to the console's own chat
    files: list[Path] = field(default_factory=list)


class ConsoleAdapter:
    """Prints replies; writes charts and ledgers under `out_dir`."""

    name = PLATFORM
    interactive = True
    pacer = None

    def __init__(self, chats: ChatService, delivery: Delivery, who: Identity, out_dir: Path,
                 stdout: TextIO | None = None, others: TextIO | None = None) -> None:
        self.chats, self.delivery, self.who = chats, delivery, who
        self.out_dir = out_dir
        self.stdout = stdout or sys.stdout
        self.others = others or self.stdout  # where messages to other console chats are shown
        self.written: list[Path] = []
        chats.pin(who.chat, who.bindings, who.admin)
        delivery.add(self)

    def become(self, who: Identity) -> None:
        """Speak as another chat from now on (`duban ask --batch`: each line names its own)."""
        self.who = who
        self.chats.pin(who.chat, who.bindings, who.admin)

    async def start(self, serve: bool) -> None:
        """Nothing to connect."""

    async def stop(self) -> None:
        """Nothing to release."""

    async def ask(self, text: str, today: date, now: datetime, show: bool = True) -> Exchange:
        """One message from the console's chat. Its replies are printed when `show`; replies to
        other chats are delivered (another console chat's are shown with its name)."""
        chat = self.who.chat
        msg = Incoming(PLATFORM, chat.chat_id, "private", chat.chat_id, text)
        handled = await self.chats.handle(msg, today, now)
        own = [r for r in handled.replies if r.chat in (None, chat)]
        self.written = []
        for reply in handled.replies:
            if reply.chat in (None, chat):
                files = self._files(reply)
                if show:
                    self._print(reply, files, self.stdout)
            else:
                await self.delivery.send(reply, reply.chat)
        return Exchange(handled.query, own, self.written)

    async def send(self, reply: Reply, chat: ChatRef) -> None:
        """A message to a console chat: shown with the chat's name when it is not this one."""
        out = self.stdout
        if chat != self.who.chat:
            out = self.others
            print(texts.CONSOLE_TO.format(chat=chat.chat_id), file=out)
        self._print(reply, self._files(reply), out)

    async def send_digest(self, chat: ChatRef, reply: Reply) -> str:
        """A reminder digest, shown like any message."""
        await self.send(reply, chat)
        return "console"

    async def run(self, stdin: TextIO, today: Callable[[], date],
                  now: Callable[[], datetime]) -> None:
        """Interactive when a person types; line by line until end of input when piped."""
        interactive = stdin.isatty()
        if interactive:
            print(texts.CONSOLE_WELCOME, file=self.stdout)
        while True:
            if interactive:
                print("> ", end="", file=self.stdout, flush=True)
            line = stdin.readline()
            if not line or line.strip() in _QUIT:
                break
            if not line.strip():
                continue
            await self.ask(line.rstrip("\n"), today(), now())
            if not interactive:
                print(file=self.stdout, flush=True)
        if interactive:
            print(texts.CONSOLE_BYE, file=self.stdout)

    def _files(self, reply: Reply) -> list[Path]:
        """The reply's chart and file, written under `out_dir`."""
        found: list[Path] = []
        if reply.image is not None:
            stamp = datetime.now(self.chats.answerer.tz).strftime("%Y%m%d-%H%M%S-%f")  # users' zone
            title = _UNSAFE.sub("", reply.chart_title.replace(" ", "")) or "chart"
            found.append(self._write(f"{title}-{stamp}.png", reply.image))
        if reply.file is not None:
            name, data = reply.file
            found.append(self._write(_UNSAFE.sub("_", name), data))
        self.written.extend(found)
        return found

    def _write(self, name: str, data: bytes) -> Path:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / name
        path.write_bytes(data)
        return path

    @staticmethod
    def _print(reply: Reply, files: list[Path], out: TextIO) -> None:
        for part in reply.parts():
            print(part, file=out, flush=True)
        for path in files:
            print(texts.CONSOLE_SAVED.format(path=_shown(path)), file=out, flush=True)


def _shown(path: Path) -> str:
    """A path as short as it can be: relative to the working directory when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
