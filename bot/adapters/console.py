"""The local console as a platform (`console`): what a person types at `duban chat`, what
`duban ask` is given, goes through the same core as a chat on any platform, as the chat the
options name (`--as ORG/UNIT`: a liaison's; `--as ORG`: a lead's; `--admin`, or no option: an
administrator's). Replies are printed; a chart or ledger is written to a file whose path is
printed."""

from __future__ import annotations

import asyncio
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO

from bot import texts
from bot.delivery import Delivery
from bot.domain.chat import Attachment, ChatRef, Incoming, Press, Reply
from bot.domain.errors import UserError
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

    @property
    def label(self) -> str:
        """「长宁区 区教育局 联络员」「长宁区 区府办负责人」「管理员」."""
        if not self.bindings:
            return texts.CONSOLE_ROLE_ADMIN
        b = self.bindings[0]
        if b.unit is not None and b.unit != b.org:
            return texts.CONSOLE_ROLE_LIAISON.format(org=b.org, unit=b.unit)
        if b.unit is not None:
            return texts.CONSOLE_ROLE_SELF.format(org=b.org)
        return texts.CONSOLE_ROLE_LEAD.format(org=b.org)

    def lead(self) -> Identity | None:
        """The lead of a liaison's org: in the console the district office is the console too."""
        if not self.bindings or self.bindings[0].role != ChatRole.LIAISON:
            return None
        org = self.bindings[0].org
        return Identity(ChatRef(PLATFORM, org), (_binding(org, None),))


_ADMIN_WORDS = frozenset({"admin", "管理员", "administrator"})


async def identity(chats: ChatService, as_: str | None, admin: bool) -> Identity:
    """The chat `--as` names: 普陀区/区数据局 (or 普陀/数据局) a liaison's, 普陀区 a lead's (a town
    with a plan of its own, 华亭镇, speaks for itself); none (or 「admin」「管理员」): an
    administrator's. Raises UserError for a unit that is unknown or of another district."""
    if not as_ or as_.strip().lower() in _ADMIN_WORDS:
        return Identity(ChatRef(PLATFORM, "admin"), admin=True)
    org_text, _, unit_text = as_.strip().replace("／", "/").partition("/")
    org, unit = await chats.answerer.resolve(org_text, unit_text)
    chat = ChatRef(PLATFORM, f"{org}/{unit}" if unit else str(org))
    return Identity(chat, (_binding(str(org), unit),), admin)


def _binding(org: str, unit: str | None) -> BindingView:
    role = ChatRole.LIAISON if unit else ChatRole.LEAD
    chat_id = f"{org}/{unit}" if unit else org
    return BindingView(0, PLATFORM, chat_id, org, unit, role, datetime.now(UTC))


@dataclass
class Exchange:
    """One message from the console and what came of it."""

    query: Query | None
    replies: list[Reply]  # to the console's own chat
    files: list[Path] = field(default_factory=list)


class ConsoleAdapter:
    """Prints replies; writes charts and ledgers under `out_dir`. Besides messages it reads
    three lines of its own: `/as …` (speak as another chat), `/file PATH [附言]` (send a file)
    and a button's label (press the button last shown to this chat)."""

    name = PLATFORM
    interactive = True
    pacer = None

    def __init__(self, chats: ChatService, delivery: Delivery, who: Identity, out_dir: Path,
                 stdout: TextIO | None = None, others: TextIO | None = None) -> None:
        self.chats, self.delivery = chats, delivery
        self.out_dir = out_dir
        self.stdout = stdout or sys.stdout
        self.others = others or self.stdout  # where messages to other console chats are shown
        self.written: list[Path] = []
        self._buttons: dict[ChatRef, dict[str, str]] = {}  # chat -> label -> button data
        delivery.add(self)
        self.become(who)

    def become(self, who: Identity) -> None:
        """Speak as another chat from now on (`/as`, `duban ask --batch`). A liaison's org gets
        the console as its lead chat too (where none is bound), so its requests can be decided
        here."""
        self.who = who
        self.chats.pin(who.chat, who.bindings, who.admin)
        if (lead := who.lead()) is not None:
            self.chats.pin(lead.chat, lead.bindings, lead.admin)

    async def start(self, serve: bool) -> None:
        """Nothing to connect."""

    async def stop(self) -> None:
        """Nothing to release."""

    async def ask(self, text: str, today: date, now: datetime, show: bool = True) -> Exchange:
        """One message from the console's chat. Its replies are printed when `show`; replies to
        other chats are delivered (another console chat's are shown with its name)."""
        chat = self.who.chat
        msg = Incoming(PLATFORM, chat.chat_id, "private", chat.chat_id, text)
        return await self._handle(msg, today, now, show)

    async def say(self, line: str, today: date, now: datetime) -> None:
        """A line typed at the console: `/as`, `/file`, a button's label, or a message."""
        text = line.strip()
        command, _, rest = text.partition(" ")
        if command == "/as":
            await self._switch(rest)
        elif command == "/file":
            await self._send_file(rest, today, now)
        elif (data := self._buttons.get(self.who.chat, {}).get(_label(text))) is not None:
            await self._press(data, today, now)
        else:
            await self.ask(line, today, now)

    async def send(self, reply: Reply, chat: ChatRef) -> None:
        """A message to a console chat: shown with the chat's name when it is not this one."""
        out = self.stdout
        if chat != self.who.chat:
            out = self.others
            print(texts.CONSOLE_TO.format(chat=chat.chat_id), file=out)
        self._show(reply, chat, self._files(reply), out)

    async def send_digest(self, chat: ChatRef, reply: Reply) -> str:
        """A reminder digest, shown like any message."""
        await self.send(reply, chat)
        return "console"

    async def run(self, stdin: TextIO, today: Callable[[], date],
                  now: Callable[[], datetime], intro: str = "") -> None:
        """Interactive when a person types (opening with `intro`); line by line until end of
        input when piped."""
        interactive = stdin.isatty()
        # A person types slowly: their lines are read off the event loop, so what else runs on
        # it (the web console) is served while the prompt waits.
        lines = _Lines(stdin) if interactive else None
        if interactive:
            print(intro or texts.CONSOLE_WELCOME, file=self.stdout)
        while True:
            if interactive:
                print(texts.CONSOLE_PROMPT.format(who=self.who.label), end="", file=self.stdout,
                      flush=True)
            line = await lines.next() if lines else stdin.readline()
            if not line or line.strip() in _QUIT:
                break
            if not line.strip():
                continue
            await self.say(line.rstrip("\n"), today(), now())
            if not interactive:
                print(file=self.stdout, flush=True)
        if interactive:
            print(texts.CONSOLE_BYE, file=self.stdout)

    # ---- the console's own lines --------------------------------------------------------------

    async def _switch(self, name: str) -> None:
        """`/as 长宁区/区教育局`, `/as 长宁区`, `/as admin`; `/as` alone: who the console is."""
        if not name.strip():
            print(texts.CONSOLE_AS_NOW.format(who=self.who.label), file=self.stdout, flush=True)
            return
        try:
            who = await identity(self.chats, name, False)
        except UserError as err:
            print(err.message.replace("--as ", "/as "), file=self.stdout, flush=True)
            return
        self.become(who)
        print(texts.CONSOLE_AS_DONE.format(who=who.label), file=self.stdout, flush=True)

    async def _send_file(self, rest: str, today: date, now: datetime) -> None:
        """`/file PATH [附言]`: the file sent to the core as a chat would send it."""
        path_text, _, caption = rest.strip().partition(" ")
        if not path_text:
            print(texts.CONSOLE_FILE_USAGE, file=self.stdout, flush=True)
            return
        path = Path(path_text).expanduser()
        try:
            data = path.read_bytes()
        except OSError as err:
            why = next((w for kind, w in texts.CONSOLE_FILE_WHY.items()
                        if type(err).__name__ == kind), texts.CONSOLE_FILE_WHY["OSError"])
            print(texts.CONSOLE_FILE_UNREADABLE.format(path=path_text, why=why),
                  file=self.stdout, flush=True)
            return
        chat = self.who.chat
        msg = Incoming(PLATFORM, chat.chat_id, "private", chat.chat_id, caption.strip(),
                       attachment=Attachment(path.name, len(data), str(path), data))
        await self._handle(msg, today, now, True)

    async def _press(self, data: str, today: date, now: datetime) -> None:
        """A button pressed: the notice the platform would flash, then the replies."""
        chat = self.who.chat
        notice, replies = await self.chats.on_button(Press(PLATFORM, chat.chat_id, chat.chat_id, data),
                                                     today, now)
        if notice and all(r.text != notice for r in replies):  # a toast the reply repeats: once
            print(texts.CONSOLE_NOTICE.format(text=notice), file=self.stdout, flush=True)
        for reply in replies:
            await self.delivery.send(reply, reply.chat or chat)

    async def _handle(self, msg: Incoming, today: date, now: datetime, show: bool) -> Exchange:
        chat = msg.chat
        handled = await self.chats.handle(msg, today, now)
        own = [r for r in handled.replies if r.chat in (None, chat)]
        self.written = []
        for reply in handled.replies:
            if reply.chat in (None, chat):
                files = self._files(reply)
                if show:
                    self._show(reply, chat, files, self.stdout)
            else:
                await self.delivery.send(reply, reply.chat)
        return Exchange(handled.query, own, self.written)

    # ---- output -----------------------------------------------------------------------------

    def _show(self, reply: Reply, chat: ChatRef, files: list[Path], out: TextIO) -> None:
        """The reply's text, its files' paths and its buttons (kept to be pressed by label)."""
        self._print(reply, files, out)
        labels = [b for row in reply.buttons for b in row]
        if labels:
            self._buttons[chat] = {_label(b.text): b.data for b in labels}
            shown = " ".join(f"[{b.text}]" for b in labels)
            print(texts.CONSOLE_BUTTONS.format(buttons=shown), file=out, flush=True)

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


class _Lines:
    """A terminal's lines read by a daemon thread (never awaited at exit: a person who quits
    with Ctrl-C does not have to press Enter once more) and handed to the event loop."""

    def __init__(self, stdin: TextIO) -> None:
        self._queue: asyncio.Queue[str] = asyncio.Queue()
        loop = asyncio.get_running_loop()

        def read() -> None:
            while True:
                try:
                    line = stdin.readline()
                except (OSError, ValueError):  # the terminal went away
                    line = ""
                try:
                    loop.call_soon_threadsafe(self._queue.put_nowait, line)
                except RuntimeError:  # the console has ended (the loop is closed)
                    return
                if not line:
                    return

        threading.Thread(target=read, name="console-stdin", daemon=True).start()

    async def next(self) -> str:
        """The next line ('' at the end of input)."""
        return await self._queue.get()


def _label(text: str) -> str:
    """A button's label as typed: 「[已完成]」 and 「已完成」 alike."""
    return text.strip().strip("[]【】").strip()


def _shown(path: Path) -> str:
    """A path as short as it can be: relative to the working directory when it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
