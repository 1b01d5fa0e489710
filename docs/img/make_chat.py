"""Draws docs/img/chat.png: a liaison's chat with duban on the demo day (2025-10-20), the
messages answered by the real conversation core over the sample plans (a throw-away SQLite
store), rendered as chat bubbles in Chromium.

    .venv/bin/python docs/img/make_chat.py [OUT.png]
"""

from __future__ import annotations

import asyncio
import html
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from bot.adapters.console import ConsoleAdapter, identity
from bot.delivery import Delivery
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from store.ingest.service import import_files
from store.repo import Store

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 10, 20)
NOW = datetime(2025, 10, 20, 1, 30, tzinfo=UTC)
AS = "长宁区/区教育局"
ASKED = ("我们这个月有啥任务", "9 已完成 已开讲", "延期 25 2025-11-30 网站改版推迟")
FONT = ROOT / "bot" / "assets" / "fonts" / "NotoSansSC-Regular.otf"


async def conversation() -> list[tuple[str, str]]:
    """(who, text) of each message: the liaison's questions and duban's replies."""
    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(f"sqlite+aiosqlite:///{Path(tmp) / 'samples.sqlite3'}")
        try:
            await import_files(store, sorted((ROOT / "samples" / "plans").glob("*.txt")))
            chats = ChatService(Answerer(store), (), b"docs")
            who = await identity(chats, AS, False)
            console = ConsoleAdapter(chats, Delivery(store, (), lambda: NOW), who, Path(tmp))
            said: list[tuple[str, str]] = []
            for text in ASKED:
                said.append(("me", text))
                exchange = await console.ask(text, TODAY, NOW, show=False)
                said += [("bot", r.text) for r in exchange.replies]
            return said
        finally:
            await store.close()


def page(said: list[tuple[str, str]]) -> str:
    """The chat as an HTML page of bubbles."""
    bubbles = "\n".join(f'<div class="{who}"><p>{html.escape(text)}</p></div>' for who, text in said)
    return f"""<!doctype html><meta charset="utf-8"><style>
@font-face {{ font-family: cjk; src: url("{FONT.as_uri()}"); }}
body {{ margin: 0; background: #e5ddd5; font: 15px/1.5 cjk, sans-serif; width: 520px; }}
header {{ background: #517da2; color: #fff; padding: 10px 16px; font-size: 17px; }}
div {{ display: flex; padding: 4px 12px; }} div.me {{ justify-content: flex-end; }}
p {{ margin: 0; padding: 8px 12px; border-radius: 10px; max-width: 420px; white-space: pre-wrap;
     background: #fff; box-shadow: 0 1px 1px #0002; }}
.me p {{ background: #effdde; }}
</style><header>长宁区教育局 · 督办助手</header><main style="padding:8px 0">{bubbles}</main>"""


async def main(out: Path) -> None:
    """Answer the conversation and screenshot it to `out`."""
    from playwright.async_api import async_playwright

    markup = page(await conversation())
    with tempfile.TemporaryDirectory() as tmp:
        html_file = Path(tmp) / "chat.html"  # a file page may load the bundled font file
        html_file.write_text(markup, encoding="utf-8")
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path="/usr/bin/chromium")
            tab = await browser.new_page(viewport={"width": 520, "height": 400})
            await tab.goto(html_file.as_uri())
            await tab.evaluate("document.fonts.ready")
            await tab.screenshot(path=str(out), full_page=True)
            await browser.close()
    print(out)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img" / "chat.png"))
