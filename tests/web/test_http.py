"""The web console over plain HTTP: sign-in by link, every refusal (no session, wrong role, bad
CSRF token, reused link, expired link), the numbers of the dashboard and the task lists behind
them, and a lead's decision telling the requesting chat as in chat."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import quote

import httpx
from sqlalchemy import select

from bot import texts
from bot.handlers import dashboard as dash
from store.models import WebLink, WebSession
from store.websessions import digest
from tests.web.conftest import LEAD, LIAISON, OTHER_LIAISON, TODAY, Web

CHANGNING = "/org/" + quote("长宁区")
CSRF = re.compile(r'name="csrf" value="([0-9a-f]{64})"')


def csrf(page: httpx.Response) -> str:
    """The CSRF token a page's forms carry."""
    m = CSRF.search(page.text)
    assert m, page.text
    return m[1]


def says(response: httpx.Response, status: int, text: str) -> None:
    """The response has this status and shows this text (HTML-escaped as the page writes it)."""
    assert response.status_code == status, response.text
    assert text in response.text, response.text


async def pending_request(web: Web) -> int:
    """长宁区 区教育局 asks in chat to move 第25项; the request's number."""
    replies = await web.say(LIAISON, "延期 25 2025-11-30 等待市级数据")
    assert replies[0].text == "已提交第25项延期申请（至 2025-11-30），等待区府办审核。"
    m = re.search(r"同意 (\d+)", replies[1].text)
    assert m
    return int(m[1])


async def task_id(web: Web, org: str, seq: int) -> int:
    """The id of task `seq` of the org's current plan."""
    task = await web.chats.answerer.current_task(org, seq, TODAY)
    assert task is not None
    return task.id


# ---- signing in ------------------------------------------------------------------------------

async def test_a_link_signs_in_once_with_a_strict_http_only_cookie(web: Web) -> None:
    link = (await web.link("长宁区")).removeprefix(web.url)
    async with web.client() as client:
        page = await client.get(link)
        says(page, 200, "此链接将以「长宁区（负责人）」身份登录，8 小时内有效。")
        signed = await client.post(link)
        assert signed.status_code == 303 and signed.headers["location"] == "/"
        cookie = signed.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Max-Age=28800" in cookie
        home = await client.get("/")
        assert home.status_code == 302 and home.headers["location"] == CHANGNING.replace(
            quote("长宁区"), quote("长宁区", safe=""))
        says(await client.get(CHANGNING), 200, "长宁区 2025年 督办概览")
        again = await client.post(link)
        says(again, 410, texts.WEB_LINK_PROBLEMS["used"])
        says(await client.get(link), 410, texts.WEB_LINK_PROBLEMS["used"])


async def test_an_expired_link_gets_a_clear_page(web: Web) -> None:
    link = (await web.link("长宁区")).removeprefix(web.url)
    web.now[0] += timedelta(minutes=10, seconds=1)
    async with web.client() as client:
        says(await client.get(link), 410, texts.WEB_LINK_PROBLEMS["expired"])
        says(await client.post(link), 410, texts.WEB_LINK_PROBLEMS["expired"])
        says(await client.get(CHANGNING), 401, texts.WEB_NO_SESSION)


async def test_an_unknown_link_gets_a_clear_page(web: Web) -> None:
    async with web.client() as client:
        says(await client.get("/signin/" + "x" * 43), 404, texts.WEB_LINK_PROBLEMS["unknown"])


async def test_the_store_keeps_only_hashes(web: Web) -> None:
    link = await web.link("长宁区")
    token = link.rsplit("/", 1)[1]
    async with web.client() as client:
        signed = await client.post(link.removeprefix(web.url))
    sid = signed.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    async with web.console.store.sessions() as session:
        links = (await session.scalars(select(WebLink.token_hash))).all()
        sessions = (await session.scalars(select(WebSession.sid_hash))).all()
    assert links == [digest(token)] and sessions == [digest(sid)]
    assert token not in links and sid not in sessions


async def test_signing_out_ends_the_session_in_the_store(web: Web) -> None:
    async with web.signed_in("长宁区") as client:
        page = await client.get(CHANGNING)
        cookie = client.cookies.get("duban_session")
        says(await client.post("/signout", data={"csrf": csrf(page)}), 200, texts.WEB_SIGNED_OUT)
    async with web.client() as replay:  # the old cookie, sent again
        replay.cookies.set("duban_session", cookie)
        says(await replay.get(CHANGNING), 401, texts.WEB_NO_SESSION)


# ---- refusals -------------------------------------------------------------------------------

async def test_without_a_session_every_page_refuses(web: Web) -> None:
    tid = await task_id(web, "长宁区", 25)
    async with web.client() as client:
        for path in ("/", CHANGNING, CHANGNING + "/tasks", CHANGNING + "/ledger.xlsx",
                     CHANGNING + "/chart.png", f"/task/{tid}"):
            says(await client.get(path), 401, texts.WEB_NO_SESSION)
        says(await client.post(f"/task/{tid}/decide", data={"ext": "1", "decision": "approve"}),
             401, texts.WEB_NO_SESSION)


async def test_a_session_sees_only_its_own_org(web: Web) -> None:
    tid = await task_id(web, "长宁区", 25)
    other = texts.WEB_OTHER_ORG.format(org="普陀区")
    for role, unit in (("liaison", "区数据局"), ("lead", None)):
        async with web.signed_in("普陀区", unit, role) as client:
            for path in (CHANGNING, CHANGNING + "/tasks?count=overdue", CHANGNING + "/ledger.xlsx",
                         f"/task/{tid}"):
                says(await client.get(path), 403, other)
            page = await client.get("/org/" + quote("普陀区"))
            says(await client.post(f"/task/{tid}/decide",
                                   data={"csrf": csrf(page), "ext": "1", "decision": "approve"}),
                 403, other)


async def test_a_liaison_may_not_download_nor_decide(web: Web) -> None:
    number = await pending_request(web)
    tid = await task_id(web, "长宁区", 25)
    async with web.signed_in("长宁区", "区教育局", "liaison") as client:
        page = await client.get(f"/task/{tid}")
        says(page, 200, "等待市级数据")
        assert f'name="ext" value="{number}"' not in page.text  # no decision form shown
        says(await client.get(CHANGNING + "/ledger.xlsx"), 403, texts.WEB_LEADS_ONLY)
        says(await client.get(CHANGNING + "/chart.png"), 403, texts.WEB_LEADS_ONLY)
        says(await client.post(f"/task/{tid}/decide", data={
            "csrf": csrf(page), "ext": str(number), "decision": "approve"}),
            403, texts.LEADS_ONLY_DECIDE)
    assert web.telegram.sent == []


async def test_a_bad_csrf_token_changes_nothing(web: Web) -> None:
    number = await pending_request(web)
    tid = await task_id(web, "长宁区", 25)
    async with web.signed_in("长宁区") as lead, web.signed_in("长宁区") as other:
        theirs = csrf(await other.get(CHANGNING))  # a real token, of another session
        for token in (None, "0" * 64, theirs):
            data = {"ext": str(number), "decision": "approve"} | ({"csrf": token} if token else {})
            says(await lead.post(f"/task/{tid}/decide", data=data), 403, texts.WEB_BAD_CSRF)
        page = await lead.get(f"/task/{tid}")
        assert "待审批" in page.text
    assert web.telegram.sent == []


# ---- the lead's decision -------------------------------------------------------------------

async def test_a_lead_approves_on_the_task_page_and_the_liaison_is_told(web: Web) -> None:
    number = await pending_request(web)
    tid = await task_id(web, "长宁区", 25)
    told = texts.EXTEND_APPROVED.format(org="长宁区", year=2025, seq=25, unit="区教育局",
                                        new_due="2025-11-30", old_due="2025-10-31")
    async with web.signed_in("长宁区") as client:
        page = await client.get(f"/task/{tid}")
        decided = await client.post(f"/task/{tid}/decide", data={
            "csrf": csrf(page), "ext": str(number), "decision": "approve"})
        says(decided, 200, told)
        assert "已同意" in decided.text and "2025-11-30" in decided.text
        again = await client.post(f"/task/{tid}/decide", data={
            "csrf": csrf(page), "ext": str(number), "decision": "reject"})
        says(again, 200, texts.EXTEND_DECIDED)
    assert web.telegram.sent == [(LIAISON, told)]
    # The chats see the moved date, as after 「同意 N」 in chat.
    assert "2025-11-30" in (await web.say(LIAISON, "第25项"))[0].text


async def test_a_request_of_another_task_is_not_decided_through_this_one(web: Web) -> None:
    number = await pending_request(web)
    other = await task_id(web, "长宁区", 9)
    async with web.signed_in("长宁区") as client:
        page = await client.get(f"/task/{other}")
        says(await client.post(f"/task/{other}/decide", data={
            "csrf": csrf(page), "ext": str(number), "decision": "approve"}),
            404, texts.EXTEND_NOT_FOUND.format(ext=number))


# ---- /web in chat ---------------------------------------------------------------------------

async def test_web_in_chat_gives_a_link_in_private_only(web: Web) -> None:
    reply = (await web.say(LEAD, "/web"))[0].text
    url = reply.rsplit("\n", 1)[1]
    assert reply == texts.WEB_LINK.format(minutes=10, url=url)
    assert url.startswith(web.url + "/signin/")
    assert (await web.say(LEAD, "/web", chat_type="group"))[0].text == texts.WEB_PRIVATE_ONLY
    from bot.domain.chat import ChatRef
    assert (await web.say(ChatRef("telegram", "555"), "/web"))[0].text == texts.UNBOUND
    async with web.client() as client:
        page = await client.get(url.removeprefix(web.url))
        says(page, 200, "此链接将以「长宁区（负责人）」身份登录")
    web.chats.web_url = None
    assert (await web.say(OTHER_LIAISON, "/web"))[0].text == texts.WEB_OFF


async def test_a_liaison_link_from_chat_keeps_the_unit(web: Web) -> None:
    url = (await web.say(LIAISON, "/web"))[0].text.rsplit("\n", 1)[1]
    async with web.client() as client:
        await client.post(url.removeprefix(web.url))
        page = await client.get(CHANGNING)
        says(page, 200, "长宁区 区教育局（联络员）")
        assert re.findall(r'<tr data-unit="([^"]+)"', page.text) == ["区教育局"]


# ---- the numbers -----------------------------------------------------------------------------

async def test_every_number_is_the_length_of_the_list_behind_it(web: Web) -> None:
    answerer = web.chats.answerer
    plan = await dash.org_plan(answerer, "长宁区", TODAY)
    assert plan is not None
    d = await dash.dashboard(answerer, plan, TODAY)
    assert len(d.units) == 42
    for line in [*d.units, None]:
        row = line.row if line else d.total
        unit = line.row.name if line else None
        for count, value in ((dash.Count.ALL, row.tasks), (dash.Count.DONE, row.done),
                             (dash.Count.IN_PROGRESS, row.doing),
                             (dash.Count.OVERDUE, len(row.overdue)), (dash.Count.DUE_SOON, row.soon)):
            listed = await dash.task_list(answerer, plan, TODAY, count=count, unit=unit)
            assert len(listed) == value, (unit, count)


async def test_a_number_links_to_its_task_list(web: Web) -> None:
    async with web.signed_in("长宁区") as client:
        page = await client.get(CHANGNING)
        row = re.search(r'<tr data-unit="区教育局">.*?</tr>', page.text, re.S)
        assert row
        link = re.search(r'data-count="overdue" href="([^"]+)">(\d+)<', row[0])
        assert link
        listed = await client.get(link[1].replace("&amp;", "&"))
        says(listed, 200, f"长宁区 2025年 任务：区教育局 · 逾期（{link[2]} 项）")
        assert len(re.findall(r'<tr data-seq=', listed.text)) == int(link[2])


async def test_filters_by_kind_and_light(web: Web) -> None:
    async with web.signed_in("长宁区") as client:
        towns = await client.get(CHANGNING + "?kind=town")
        assert re.findall(r'<tr data-unit="([^"]+)"', towns.text) == ["新泾镇"]
        streets = await client.get(CHANGNING + "?kind=street")
        assert len(re.findall(r'<tr data-unit="', streets.text)) == 9
        nonsense = await client.get(CHANGNING + "?kind=%3Cscript%3E&light=purple")
        assert len(re.findall(r'<tr data-unit="', nonsense.text)) == 42 and "<script>" not in nonsense.text


async def test_downloads_for_a_lead(web: Web) -> None:
    async with web.signed_in("长宁区") as client:
        ledger = await client.get(CHANGNING + "/ledger.xlsx?kind=town")
        assert ledger.status_code == 200 and ledger.content[:2] == b"PK"
        assert "attachment" in ledger.headers["content-disposition"]
        chart = await client.get(CHANGNING + "/chart.png?light=red")
        assert chart.status_code == 200 and chart.content[:8] == b"\x89PNG\r\n\x1a\n"


async def test_the_bundled_chinese_font_is_served_to_anyone_and_cached(web: Web) -> None:
    from bot.handlers.charts import FONT_FILE

    async with web.client() as client:  # the sign-in page needs it before any session
        font = await client.get("/static/cjk.otf")
        page = await client.get(await web.link("长宁区"))
    assert font.status_code == 200 and font.content == FONT_FILE.read_bytes()
    assert (font.headers["content-type"], font.headers["cache-control"]) == (
        "font/otf", "public, max-age=86400")
    assert "font-src 'self'" in page.headers["content-security-policy"]
    assert 'url(/static/cjk.otf)' in page.text


async def test_health_and_readiness_need_no_session(web: Web) -> None:
    from store.db import SCHEMA_HEAD

    async with web.client() as client:
        alive = await client.get("/healthz")
        ready = await client.get("/readyz")
        web.console.role = lambda: "leader"
        leader = await client.get("/readyz")
        async with web.console.store.engine.begin() as conn:  # a store of another version
            await conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0001'")
        stale = await client.get("/readyz")
    assert (alive.status_code, alive.json()) == (200, {"status": "alive"})
    assert (ready.status_code, ready.json()) == (200, {
        "status": "ready", "store": "ok", "schema": SCHEMA_HEAD, "expected_schema": SCHEMA_HEAD,
        "role": "console"})
    assert leader.json()["role"] == "leader"
    assert (stale.status_code, stale.json()) == (503, {
        "status": "not ready", "store": "ok", "schema": "0001", "expected_schema": SCHEMA_HEAD,
        "role": "leader"})
