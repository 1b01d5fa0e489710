"""Telegram throughput: questions answered per second by duban's real Application against a
loopback Bot API, side by side with a bare python-telegram-bot echo bot on the same server.
Target: duban's rate >= 0.9 of the echo bot's.

Run: .venv/bin/python benchmarks/telegram_bench.py [--messages N] [--rounds R]
Both bots poll the same fake Bot API (tests/fakes/telegram_api.py) over HTTP on 127.0.0.1; each
round queues N messages at once and times until N replies were sent. duban answers as a liaison
chat bound to 普陀区数据局 over the five sample plans, with a mix of lists, details, searches and
「我的任务」. Telegram's own rate limits (which duban keeps with AIORateLimiter in service) are
switched off here for both bots: they would cap both at 30 messages/s and hide the processing cost.

A third bot, the "echo with duban's replies", is the same bare echo bot sending, for each question,
the text duban answers it with: the cost of carrying answers of that size (url-encoded UTF-8,
~9 bytes a Chinese character, parsed by the fake server in this same process), apart from the
cost of working them out. duban against it shows what duban's own processing costs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "true")  # as the adapter does, for the echo bots too

from telegram import Update  # noqa: E402
from telegram.ext import Application, ContextTypes, MessageHandler, filters  # noqa: E402

from bot.adapters.telegram.adapter import TelegramAdapter  # noqa: E402
from bot.domain.chat import Incoming  # noqa: E402
from bot.handlers.answer import Answerer  # noqa: E402
from bot.handlers.chat import ChatService  # noqa: E402
from store.access import create_invite, redeem_invite  # noqa: E402
from store.ingest.service import import_files  # noqa: E402
from store.repo import Store  # noqa: E402
from tests.fakes.telegram_api import TOKEN, FakeBotAPI  # noqa: E402

CHAT, USER = -100, 7
TODAY = date(2025, 6, 16)
NOW = datetime(2025, 6, 16, 2, tzinfo=UTC)
QUESTIONS = ["@duban_bot 我的任务", "@duban_bot 第22项", "@duban_bot 普陀区10月任务",
             "@duban_bot 搜索 政府开放月", "@duban_bot 普陀区数据局逾期任务", "@duban_bot 本季度任务",
             "@duban_bot 第8项", "@duban_bot 普陀区全年任务"]


async def _round(api: FakeBotAPI, texts: list[str]) -> float:
    """Queue all messages at once; seconds until as many replies were sent."""
    before = len(api.sent())
    start = time.perf_counter()
    for text in texts:
        api.message(CHAT, USER, text)
    await asyncio.to_thread(api.wait_for, before + len(texts), "sendMessage", None, 300.0)
    return time.perf_counter() - start


async def _measure(api: FakeBotAPI, app: Application, texts: list[str], rounds: int) -> list[float]:
    await app.initialize()
    await app.start()
    await app.updater.start_polling(poll_interval=0.0, timeout=1)
    try:
        await _round(api, texts[:5])  # warm-up
        return [len(texts) / await _round(api, texts) for _ in range(rounds)]
    finally:
        await app.updater.stop()
        await app.stop()
        await app.shutdown()


async def echo_rate(api: FakeBotAPI, n: int, rounds: int,
                    replies: dict[str, list[str]] | None = None) -> list[float]:
    """The bare echo bot: it says the message back, or (`replies`) sends the parts given for it."""
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = update.message.text
        for part in (replies or {}).get(text, [text]):
            await update.message.reply_text(part)

    app = Application.builder().token(TOKEN).base_url(api.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    questions = [QUESTIONS[i % len(QUESTIONS)] for i in range(n)] if replies else ["你好"] * n
    return await _measure(api, app, questions, rounds)


async def duban_service(workdir: Path) -> tuple[Store, ChatService]:
    """The sample plans in a fresh store, a liaison chat bound to 普陀区数据局, plans in memory."""
    store = await Store.open(f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}")
    await import_files(store, sorted((ROOT / "samples" / "plans").glob("*.txt")))
    code = await create_invite(store, "普陀区", "区数据局", "liaison", "bench")
    await redeem_invite(store, code, "telegram", str(CHAT), "bench")
    answerer = Answerer(store)
    await answerer.warm(TODAY)
    return store, ChatService(answerer, set(), b"bench")


async def duban_replies(service: ChatService) -> dict[str, list[str]]:
    """The message parts duban sends for each question (for the echo with duban's replies)."""
    replies = {}
    for question in QUESTIONS:
        text = question.removeprefix("@duban_bot ")
        msg = Incoming("telegram", str(CHAT), "group", str(USER), text)
        answers = await service.on_message(msg, TODAY, NOW)
        replies[question] = [p for r in answers for p in r.parts() if p.strip()]
    return replies


async def duban_rate(api: FakeBotAPI, n: int, rounds: int, service: ChatService) -> list[float]:
    """duban as a bound liaison chat."""
    adapter = TelegramAdapter(service, TOKEN, api.base_url, lambda: TODAY, lambda: NOW,
                              rate_limit=False)
    texts = [QUESTIONS[i % len(QUESTIONS)] for i in range(n)]
    return await _measure(api, adapter.app, texts, rounds)


async def fresh_api(measure: Callable[[FakeBotAPI], Awaitable[list[float]]]) -> list[float]:
    """A measurement against a fake Bot API of its own."""
    api = FakeBotAPI().start()
    try:
        return await measure(api)
    finally:
        api.stop()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store, service = await duban_service(Path(tmp))
        try:
            replies = await duban_replies(service)
            # A fresh fake for each bot: the fake keeps every call, and waiting for replies
            # scans them, so a bot measured after another would be slowed by its calls.
            echo = await fresh_api(lambda api: echo_rate(api, args.messages, args.rounds))
            sized = await fresh_api(lambda api: echo_rate(api, args.messages, args.rounds,
                                                          replies))
            duban = await fresh_api(lambda api: duban_rate(api, args.messages, args.rounds,
                                                           service))
        finally:
            await store.close()
    e, s, d = (statistics.median(x) for x in (echo, sized, duban))
    size = statistics.mean(len(p) for parts in replies.values() for p in parts)
    print(f"messages per round: {args.messages}, rounds: {args.rounds}")
    for name, rates, median in (("echo bot", echo, e), ("echo, duban's replies", sized, s),
                                ("duban", duban, d)):
        print(f"{name:22}: median {median:7.1f} replies/s, {1000 / median:5.2f} ms each"
              f"  (rounds: {', '.join(f'{x:.1f}' for x in rates)})")
    print(f"duban's replies: {size:.0f} characters a message on average (the echo's: 2)")
    print(f"duban's own work: {1000 / d - 1000 / s:+.2f} ms a message; carrying its replies: "
          f"{1000 / s - 1000 / e:+.2f} ms")
    ratio = d / e
    print(f"ratio duban/echo: {ratio:.2f} (target >= 0.90): {'OK' if ratio >= 0.9 else 'MISSED'}")
    print(f"ratio duban/echo with duban's replies: {d / s:.2f}")


if __name__ == "__main__":
    asyncio.run(main())
