"""Importing a plan in a real browser: a lead signs in by link, uploads a .docx plan from the
dashboard's 导入计划 link, sees the unit the directory does not know highlighted, fixes it in
place, commits, and the chat answers from the corrected plan."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from store.models import TaskCorrection
from tests.web.browser import browser, needs_browser
from tests.web.conftest import LIAISON, Web
from tests.web.test_browser import sign_in
from tests.web.test_import import PLAN_2026

pytestmark = needs_browser


def docx_plan(path: Path) -> Path:
    """PLAN_2026 as a Word document, one paragraph a line."""
    from docx import Document

    document = Document()
    for line in PLAN_2026.splitlines():
        if line.strip():
            document.add_paragraph(line)
    document.save(str(path))
    return path


async def test_upload_fix_a_unit_commit_and_the_chat_answers_from_it(web: Web,
                                                                     tmp_path: Path) -> None:
    plan = docx_plan(tmp_path / "长宁区2026年政务公开工作要点.docx")
    async with browser() as chromium:
        page = await chromium.new_page()
        await sign_in(page, web, "长宁区")
        await page.click("#import")
        await page.set_input_files('input[name="plan"]', str(plan))
        await page.click("#upload button[type=submit]")
        await page.wait_for_load_state()
        assert (await page.inner_text("h1")).startswith("核对导入")
        assert "任务库中还没有长宁区2026年的计划：确认后新建。" in await page.inner_text("#summary")
        assert await page.locator("#tasks tbody tr").count() == 3
        assert await page.locator('tr[data-seq="2"].warn').count() == 1  # the unknown unit
        assert await page.input_value('input[name="units-2"]') == "区新设工作专班"
        await page.fill('input[name="units-2"]', "区教育局(牵头)、区数据局")
        await page.click('button[value="commit"]')
        await page.wait_for_load_state()
        result = await page.inner_text("#result")
        assert "已导入《长宁区2026年政务公开工作要点.docx》：长宁区 2026年，共 3 项任务（新建）" in result
        assert "第2项责任单位：「区新设工作专班」→「区教育局(牵头)、区数据局」" in result
    async with web.console.store.sessions() as session:
        assert (await session.execute(select(TaskCorrection.seq, TaskCorrection.value))).all() == [
            (2, "区教育局(牵头)、区数据局")]
    reply = await web.say(LIAISON, "长宁区2026年第2项")
    assert "责任单位：区教育局（牵头）、区数据局" in reply[0].text, reply[0].text
