"""Draws docs/img/dashboard.png: 长宁区's dashboard in the web console on the demo day
(2025-10-20), after a few liaisons reported through the real conversation core, served by the
real web console over the sample plans (a throw-away SQLite store) and opened in Chromium with a
lead's sign-in link.

    .venv/bin/python docs/img/make_dashboard.py [OUT.png]
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.adapters.console import ConsoleAdapter, identity
from bot.adapters.web.server import WebConsole
from bot.delivery import Delivery
from bot.handlers.answer import Answerer
from bot.handlers.chat import ChatService
from bot.handlers.weblink import sign_in_link
from bot.platform import Services
from config.settings import WebSettings
from store.ingest.service import import_files
from store.repo import Store
from store.websessions import WebIdentity

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 10, 20)
NOW = datetime(2025, 10, 20, 1, 30, tzinfo=UTC)
ORG = "长宁区"
REPORTED = (("区教育局", "9 已完成 已开讲"), ("区教育局", "25 进行中"),
            ("区发改委", "9 已完成"), ("区卫健委", "9 进行中 材料收集中"))


async def main(out: Path) -> None:
    """Report, serve, sign in and screenshot the dashboard to `out`."""
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(f"sqlite+aiosqlite:///{Path(tmp) / 'samples.sqlite3'}")
        site = None
        try:
            await import_files(store, sorted((ROOT / "samples" / "plans").glob("*.txt")))
            chats = ChatService(Answerer(store, tz=ZoneInfo("Asia/Shanghai")), (), b"docs")
            delivery = Delivery(store, (), lambda: NOW)
            for unit, text in REPORTED:
                who = await identity(chats, f"{ORG}/{unit}", False)
                await ConsoleAdapter(chats, delivery, who, Path(tmp)).ask(text, TODAY, NOW,
                                                                          show=False)
            site = WebConsole(WebSettings(port=0), Services(chats, delivery, lambda: TODAY,
                                                            lambda: NOW))
            await site.start()
            link = await sign_in_link(store, site.base_url(),
                                      WebIdentity(ORG, None, "lead", None, "docs"), NOW)
            async with async_playwright() as pw:
                browser = await pw.chromium.launch(executable_path="/usr/bin/chromium")
                tab = await browser.new_page(viewport={"width": 1000, "height": 700})
                await tab.goto(link)
                await tab.click("button[type=submit]")
                await tab.wait_for_url(f"{site.base_url()}/org/**")
                await tab.evaluate("document.fonts.ready")
                # Chromium keeps the fallback it first drew the bold title in (no Chinese system
                # font here); a change of style draws it again in the page's font
                await tab.add_style_tag(content="header a{font-weight:normal}")
                await tab.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": 1000,
                                                          "height": 1100}, full_page=True)
                await browser.close()
        finally:
            if site is not None:
                await site.stop()
            await store.close()
    print(out)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1
                     else ROOT / "docs" / "img" / "dashboard.png"))
