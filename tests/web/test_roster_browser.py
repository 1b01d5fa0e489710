"""The roster page in a real browser: an administrator adds an alias and a calendar override
through its forms, each shown back with its notice and kept in the store; the page fits a
390 px phone screen."""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from sqlalchemy import select

from bot import texts
from store.calendar import list_overrides
from store.models import Unit
from tests.web.browser import browser, needs_browser
from tests.web.conftest import Web
from tests.web.test_browser import sign_in

pytestmark = needs_browser

ROSTER = "/org/" + quote("长宁区") + "/roster"


async def test_an_admin_adds_an_alias_and_a_calendar_override(web: Web) -> None:
    async with browser() as chromium:
        page = await chromium.new_page(viewport={"width": 390, "height": 800})
        await sign_in(page, web, None, None, "admin")
        await page.goto(web.url + ROSTER)
        assert await page.title() == "长宁区 名册与聊天"
        row = page.locator('#units tr[data-unit="区教育局"]')
        await row.locator('input[name="alias"]').fill("教育局")
        await row.locator('form[action$="/alias-add"] button').click()
        await page.wait_for_load_state()
        assert await page.inner_text("#notice") == texts.WEB_ROSTER_ALIAS_ADDED.format(
            unit="区教育局", alias="教育局")
        assert await row.locator(".alias").all_inner_texts() == ["教育局"]
        await page.fill('#day-set input[name="day"]', "2025-10-25")
        await page.select_option('#day-set select[name="kind"]', "workday")
        await page.fill('#day-set input[name="note"]', "调休上班")
        await page.click("#day-set button")
        await page.wait_for_load_state()
        assert await page.inner_text("#notice") == texts.WEB_ROSTER_CALENDAR_SET.format(
            day="2025-10-25", kind="上班")
        assert [t.strip() for t in await page.locator(
            '#calendar tr[data-day="2025-10-25"] td').all_inner_texts()][:3] == \
            ["2025-10-25", "上班", "调休上班"]
        assert await page.evaluate("document.documentElement.scrollWidth") <= 390
    async with web.console.store.sessions() as session:
        unit = await session.scalar(select(Unit).where(Unit.org == "长宁区", Unit.name == "区教育局"))
    assert unit is not None and unit.aliases == ["教育局"]
    (override,) = await list_overrides(web.console.store)
    assert (override.day, override.workday, override.note) == (date(2025, 10, 25), True, "调休上班")
