"""The import page over plain HTTP: upload, the review as the importer read it, corrections
checked in place and recorded as `duban tasks edit` records them, commit, cancel; and every
refusal (no session, liaison, another org's lead, bad CSRF token, too large, wrong type, empty,
no tasks, another session's or an expired pending import, a correction that cannot be read)."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import httpx
from sqlalchemy import func, select

from bot import texts
from store.imports import PENDING_FOR
from store.models import PendingImport, Plan, TaskCorrection
from tests.conftest import SAMPLES
from tests.web.conftest import LIAISON, TODAY, Web
from tests.web.test_http import csrf, says

CHANGNING = "/org/" + quote("长宁区")
REVIEW = re.compile(r'action="/import/(\d+)"')

# A 2026 plan of 长宁区: task 2 names a unit no directory knows, task 3 has no deadline.
PLAN_2026 = """上海市长宁区人民政府办公室文件

长府办〔2026〕3号

2026年长宁区政务公开工作要点

一、深化重点领域信息公开

1. 做好财政预决算信息公开，按规定时限公开部门预决算。（责任单位：区财政局、各部门，完成时限：6月底前）

2. 推进政策解读，围绕重点政策开展“科长讲政策”活动。（责任单位：区新设工作专班，完成时限：全年）

3. 加强政府网站和政务新媒体日常监管。（责任单位：区府办(牵头)、区数据局）
"""


async def upload(client: httpx.AsyncClient, name: str, data: bytes,
                 org: str = CHANGNING) -> httpx.Response:
    """The upload form's POST (its token read from the form)."""
    form = await client.get(org + "/import")
    return await client.post(org + "/import", data={"csrf": csrf(form)},
                             files={"plan": (name, data, "application/octet-stream")})


async def staged(client: httpx.AsyncClient, name: str, data: bytes) -> tuple[int, httpx.Response]:
    """Upload, follow to the review: (pending import number, the review page)."""
    response = await upload(client, name, data)
    assert response.status_code == 303, response.text
    page = await client.get(response.headers["location"])
    m = REVIEW.search(page.text)
    assert m, page.text
    return int(m[1]), page


async def counts(web: Web) -> tuple[int, int, int]:
    """Plans, corrections and open pending imports in the store."""
    async with web.console.store.sessions() as session:
        return (await session.scalar(select(func.count(Plan.id))),
                await session.scalar(select(func.count(TaskCorrection.id))),
                await session.scalar(select(func.count(PendingImport.id))
                                     .where(PendingImport.state == "pending")))


async def test_a_lead_imports_a_new_plan_with_a_unit_fixed_in_place(web: Web) -> None:
    before = await counts(web)
    async with web.signed_in("长宁区") as client:
        n, page = await staged(client, "长宁区2026要点.txt", PLAN_2026.encode())
        says(page, 200, "长宁区 2026年 · 文号：长府办〔2026〕3号 · 共 3 项任务")
        says(page, 200, "任务库中还没有长宁区2026年的计划：确认后新建。")
        says(page, 200, "单位目录中没有的单位（导入后作为长宁区的新单位加入）：区新设工作专班")
        assert re.search(r'<tr data-seq="2" class="warn">', page.text)
        assert await counts(web) == (before[0], before[1], before[2] + 1)  # only the pending file

        form = {"csrf": csrf(page), "units-2": "区教育局(牵头)、区数据局",
                "deadline-3": "10月底前"}
        checked = await client.post(f"/import/{n}", data={**form, "action": "check"})
        says(checked, 200, "已修改 2 处")
        assert 'value="区教育局(牵头)、区数据局"' in checked.text
        assert '<td class="n">2026-10-31</td>' in checked.text  # task 3 read with its new deadline
        assert await counts(web) == (before[0], before[1], before[2] + 1)  # a check writes nothing

        done = await client.post(f"/import/{n}", data={**form, "action": "commit"})
        says(done, 200, "已导入《长宁区2026要点.txt》：长宁区 2026年，共 3 项任务（新建）")
        says(done, 200, "第2项责任单位：「区新设工作专班」→「区教育局(牵头)、区数据局」")
        says(done, 200, "第3项完成时限：「（空）」→「10月底前」")
        again = await client.post(f"/import/{n}", data={**form, "action": "commit"})
        says(again, 404, texts.WEB_IMPORT_GONE.format(n=n, hours=24))
    assert await counts(web) == (before[0] + 1, before[1] + 2, before[2])
    async with web.console.store.sessions() as session:
        rows = (await session.execute(select(TaskCorrection.seq, TaskCorrection.field,
                                             TaskCorrection.value, TaskCorrection.from_file,
                                             TaskCorrection.author)
                                      .order_by(TaskCorrection.seq))).all()
    assert rows == [(2, "units", "区教育局(牵头)、区数据局", "区新设工作专班", "网页:test"),
                    (3, "deadline", "10月底前", "", "网页:test")]
    # the chat answers from what was committed
    reply = await web.say(LIAISON, "长宁区2026年第2项")
    assert "责任单位：区教育局（牵头）、区数据局" in reply[0].text, reply[0].text
    task = await web.chats.answerer.current_task("长宁区", 3, TODAY.replace(year=2026))
    assert task is not None and task.due_date is not None and task.due_date.isoformat() == "2026-10-31"


async def test_the_same_file_again_changes_nothing(web: Web) -> None:
    sample = (SAMPLES / "changning-2025.txt").read_bytes()
    before = await counts(web)
    async with web.signed_in("长宁区") as client:
        n, page = await staged(client, "changning-2025.txt", sample)
        says(page, 200, "与任务库中长宁区2025年的计划完全相同：导入不会有任何变化。")
        done = await client.post(f"/import/{n}", data={"csrf": csrf(page), "action": "commit"})
        says(done, 200, "《changning-2025.txt》与任务库中长宁区2025年的计划相同：无变化。")
    assert await counts(web) == before


async def test_a_correction_that_cannot_be_read_writes_nothing(web: Web) -> None:
    before = await counts(web)
    async with web.signed_in("长宁区") as client:
        n, page = await staged(client, "plan.txt", PLAN_2026.encode())
        form = {"csrf": csrf(page), "units-1": "、、", "action": "commit"}
        refused = await client.post(f"/import/{n}", data=form)
        says(refused, 400, texts.WEB_IMPORT_FIX_ERRORS.format(n=1))
        assert '<tr data-seq="1" class="err">' in refused.text
    assert await counts(web) == (before[0], before[1], before[2] + 1)


async def test_cancel_ends_the_pending_import(web: Web) -> None:
    before = await counts(web)
    async with web.signed_in("长宁区") as client:
        n, page = await staged(client, "plan.txt", PLAN_2026.encode())
        done = await client.post(f"/import/{n}", data={"csrf": csrf(page), "action": "cancel"})
        says(done, 200, texts.IMPORT_CANCELLED.format(n=n, name="plan.txt"))
        says(await client.get(f"/import/{n}"), 404, texts.WEB_IMPORT_GONE.format(n=n, hours=24))
    assert await counts(web) == before


async def test_bad_files_get_the_reason_and_nothing_is_kept(web: Web) -> None:
    before = await counts(web)
    async with web.signed_in("长宁区") as client:
        for name, data, reason in (
                ("plan.doc", b"whatever", "不支持的文件类型"),
                ("notice.txt", "上海市长宁区人民政府办公室\n关于召开会议的通知\n请准时参加。\n".encode(),
                 "没有找到任务"),
                ("big.txt", b"a" * (20 * 1024 * 1024 + 1), "文件过大"),
                ("empty.txt", b"", texts.WEB_IMPORT_NO_FILE)):
            says(await upload(client, name, data), 400, reason)
        other = await upload(client, "putuo-2025.txt", (SAMPLES / "putuo-2025.txt").read_bytes())
        says(other, 400, "普陀区")
    assert await counts(web) == before


async def test_who_may_import(web: Web) -> None:
    async with web.client() as anonymous:
        says(await anonymous.get(CHANGNING + "/import"), 401, texts.WEB_NO_SESSION)
        says(await anonymous.post(CHANGNING + "/import", data={"csrf": "x"}), 401,
             texts.WEB_NO_SESSION)
    async with web.signed_in("长宁区", "区教育局", "liaison") as liaison:
        says(await liaison.get(CHANGNING + "/import"), 403, texts.WEB_LEADS_ONLY)
    async with web.signed_in("普陀区") as other_lead:
        says(await other_lead.get(CHANGNING + "/import"), 403, texts.WEB_OTHER_ORG.format(org="普陀区"))
    async with web.signed_in("长宁区") as lead:
        form = await lead.get(CHANGNING + "/import")
        forged = await lead.post(CHANGNING + "/import", data={"csrf": "0" * 64},
                                 files={"plan": ("plan.txt", PLAN_2026.encode(), "text/plain")})
        says(forged, 403, texts.WEB_BAD_CSRF)
        assert form.status_code == 200
        n, page = await staged(lead, "plan.txt", PLAN_2026.encode())
    async with web.signed_in("长宁区") as another_session:  # the same lead, another sign-in
        says(await another_session.get(f"/import/{n}"), 404, texts.WEB_IMPORT_GONE.format(n=n, hours=24))
    async with web.signed_in(None, None, "admin") as admin:
        says(await admin.get(f"/import/{n}"), 404, texts.WEB_IMPORT_GONE.format(n=n, hours=24))
        m, _ = await staged(admin, "plan.txt", PLAN_2026.encode())
        async with web.console.store.sessions() as session, session.begin():  # it lapsed
            row = await session.get(PendingImport, m)
            assert row is not None and row.expires_at - web.now[0] == PENDING_FOR
            row.expires_at = web.now[0] - timedelta(minutes=1)
        says(await admin.get(f"/import/{m}"), 404, texts.WEB_IMPORT_GONE.format(n=m, hours=24))
