"""Telegram throughput: questions answered per second by duban's real Application against a
loopback Bot API, side by side with a bare python-telegram-bot echo bot on the same server.
Target: duban's rate >= 0.7 of the echo bot's.

Run: .venv/bin/python benchmarks/telegram_bench.py [--messages N] [--rounds R]
Both bots poll the same fake Bot API (tests/fakes/telegram_api.py) over HTTP on 127.0.0.1; each
round queues N messages at once and times until N replies were sent. duban answers as a liaison
chat bound to 普陀区数据局 over the five sample plans, with a mix of lists, details, searches and
「我的任务」. Telegram's own rate limits (which duban keeps with AIORateLimiter in service) are
switched off here for both bots: they would cap both at 30 messages/s and hide the processing cost.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "true")

from telegram import Update  # noqa: E402
from telegram.ext import Application, ContextTypes, MessageHandler, filters  # noqa: E402

from bot.adapters.telegram.adapter import TelegramAdapter  # noqa: E402
from bot.handlers.answer import Answerer  # noqa: E402
from bot.handlers.chat import ChatService  # noqa: E402
from store.access import create_invite, redeem_invite  # noqa: E402
from store.ingest.service import import_files  # noqa: E402
from store.repo import Store  # noqa: E402
from tests.fakes.telegram_api import TOKEN, FakeBotAPI  # noqa: E402

CHAT, USER = -100, 7
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


async def echo_rate(api: FakeBotAPI, n: int, rounds: int) -> list[float]:
    """The bare echo bot."""
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_text(update.message.text)

    app = Application.builder().token(TOKEN).base_url(api.base_url).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return await _measure(api, app, ["你好"] * n, rounds)


async def duban_rate(api: FakeBotAPI, n: int, rounds: int, workdir: Path) -> list[float]:
    """duban as a bound liaison chat."""
    store = await Store.open(f"sqlite+aiosqlite:///{workdir / 'bench.sqlite3'}")
    try:
        await import_files(store, sorted((ROOT / "samples" / "plans").glob("*.txt")))
        code = await create_invite(store, "普陀区", "区数据局", "liaison", "bench")
        await redeem_invite(store, code, "telegram", str(CHAT), "bench")
        answerer = Answerer(store)
        today = date(2025, 6, 16)
        await answerer.warm(today)
        adapter = TelegramAdapter(ChatService(answerer, set(), b"bench"), TOKEN, api.base_url,
                                  lambda: today, lambda: datetime(2025, 6, 16, 2, tzinfo=UTC),
                                  rate_limit=False)
        texts = [QUESTIONS[i % len(QUESTIONS)] for i in range(n)]
        return await _measure(api, adapter.app, texts, rounds)
    finally:
        await store.close()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    api = FakeBotAPI().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            echo = await echo_rate(api, args.messages, args.rounds)
            duban = await duban_rate(api, args.messages, args.rounds, Path(tmp))
    finally:
        api.stop()
    e, d = statistics.median(echo), statistics.median(duban)
    print(f"messages per round: {args.messages}, rounds: {args.rounds}")
    print(f"echo bot : median {e:7.1f} replies/s  (rounds: {', '.join(f'{x:.1f}' for x in echo)})")
    print(f"duban    : median {d:7.1f} replies/s  (rounds: {', '.join(f'{x:.1f}' for x in duban)})")
    ratio = d / e
    print(f"ratio duban/echo: {ratio:.2f} (target >= 0.70): {'OK' if ratio >= 0.7 else 'MISSED'}")


if __name__ == "__main__":
    asyncio.run(main())
