"""The web console in a real browser: sign in by link, the dashboard's counts for the samples on
2025-10-20, a task opened and an extension approved; a liaison's session kept to its own org
and away from a lead's form; the page fits a 390 px phone screen."""

from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import quote

from bot import texts
from tests.web.browser import browser, needs_browser
from tests.web.conftest import LIAISON, Web
from tests.web.test_http import pending_request, task_id

pytestmark = needs_browser

CHANGNING = "/org/" + quote("长宁区")


async def sign_in(page, web: Web, org: str, unit: str | None = None, role: str = "lead") -> None:  # noqa: ANN001
    """Open a fresh link and press 进入督办台."""
    await page.goto(await web.link(org, unit, role))
    await page.click("#enter")
    await page.wait_for_load_state()


async def cells(page, selector: str) -> list[str]:  # noqa: ANN001
    """The texts of a row's cells."""
    return [t.strip() for t in await page.locator(selector + " td").all_inner_texts()]


async def test_sign_in_count_open_a_task_and_approve(web: Web) -> None:
    number = await pending_request(web)
    async with browser() as chromium:
        page = await chromium.new_page()
        await sign_in(page, web, "长宁区")
        assert await page.title() == "长宁区 2025年 督办概览"
        # the samples on 2025-10-20: 33 tasks, none reported, 3 overdue (第25项 is due 10-31)
        assert await cells(page, "tr.total") == ["全区/镇合计", "33", "0", "0", "3", "0", "0%"]
        assert await cells(page, 'tr[data-unit="区教育局"]') == ["区教育局", "24", "0", "0", "3",
                                                                 "0", "0%"]
        assert await page.locator("#units tbody tr").count() == 43
        assert "应报 41 个单位，已报 0 个，未报 41 个。" in await page.inner_text("#reports")
        await page.click('tr[data-unit="区教育局"] a[data-count="overdue"]')
        assert await page.locator("#tasks tbody tr").count() == 3
        await page.goto(web.url + CHANGNING + "/tasks?unit=" + quote("区教育局"))
        await page.click('tr[data-seq="25"] td a >> nth=0')
        assert await page.title() == "长宁区 2025年 第25项"
        assert "政务公开专栏" in await page.inner_text("#content")
        assert await page.locator('#holders tr[data-unit="区教育局"]').count() == 1
        await page.click(f'li[data-ext="{number}"] button[value="approve"]')
        told = texts.EXTEND_APPROVED.format(org="长宁区", year=2025, seq=25, unit="区教育局",
                                            new_due="2025-11-30", old_due="2025-10-31")
        assert await page.inner_text("#notice") == told
        assert "已同意" in await page.inner_text(f'li[data-ext="{number}"]')
        assert await page.locator(f'li[data-ext="{number}"] form').count() == 0
    assert web.telegram.sent == [(LIAISON, told)]


async def test_a_liaison_stays_in_its_org_and_away_from_a_leads_form(web: Web) -> None:
    number = await pending_request(web)
    tid = await task_id(web, "长宁区", 25)
    async with browser() as chromium:
        other = await chromium.new_page()
        await sign_in(other, web, "普陀区", "区数据局", "liaison")
        assert await other.title() == "普陀区 2025年 督办概览"
        response = await other.goto(web.url + CHANGNING)
        assert response is not None and response.status == 403
        assert texts.WEB_OTHER_ORG.format(org="普陀区") in await other.inner_text("main")
        response = await other.goto(web.url + f"/task/{tid}")
        assert response is not None and response.status == 403

        own = await chromium.new_page()
        await sign_in(own, web, "长宁区", "区教育局", "liaison")
        assert await own.locator("#units tbody tr").count() == 1
        await own.goto(web.url + f"/task/{tid}")
        assert await own.locator(f'li[data-ext="{number}"] form').count() == 0
        # the lead's form, posted from the liaison's page with the liaison's own token
        token = await own.get_attribute('input[name="csrf"]', "value")
        async with own.expect_navigation():
            await own.evaluate(
                """([tid, ext, token]) => { const f = document.createElement('form');
                    f.method = 'post'; f.action = '/task/' + tid + '/decide';
                    for (const [k, v] of [['csrf', token], ['ext', ext], ['decision', 'approve']]) {
                        const i = document.createElement('input'); i.type = 'hidden'; i.name = k;
                        i.value = v; f.appendChild(i); }
                    document.body.appendChild(f); f.submit(); }""", [tid, str(number), token])
        assert texts.LEADS_ONLY_DECIDE in await own.inner_text("main")
    assert web.telegram.sent == []


async def test_the_dashboard_fits_a_phone(web: Web, tmp_path: Path) -> None:
    async with browser() as chromium:
        page = await chromium.new_page(viewport={"width": 390, "height": 844})
        await sign_in(page, web, "长宁区")
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page scrolls sideways: {width} px"
        table = page.locator("#units")
        assert await table.is_visible()
        box = await table.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        header = await page.locator("#units th").all_inner_texts()
        assert header == ["单位", "任务", "已完成", "进行中", "逾期", "7天内到期", "完成率"]
        shot = tmp_path / "phone.png"
        await page.screenshot(path=str(shot), full_page=True)
        png = shot.read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        shot_width, shot_height = struct.unpack(">II", png[16:24])
        assert shot_width == 390 and shot_height > 844  # a full page: 43 rows run below the fold
        # no line of the rows is cut: every unit's name is shown whole
        names = await page.locator("#units tbody tr td:first-child").all_inner_texts()
        assert len(names) == 43 and all(re.fullmatch(r"\S+", n.strip()) for n in names)
