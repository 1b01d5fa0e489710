"""The roster page over plain HTTP: who may see it and who may change it, the CSRF token, bad
input that changes nothing, and each change with the store's state afterwards (and the chat's
answer where it shows)."""

from __future__ import annotations

import logging
import re
from datetime import date
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import select

from bot import texts
from bot.handlers.render import org_unit
from store.access import all_bindings, open_invites
from store.calendar import list_overrides, load_calendar
from store.models import Robot, Unit
from store.robots import DINGTALK_ROBOT, ROBOT, bind_robot
from store.roster import roster
from tests.web.conftest import ADMIN, LEAD, LIAISON, NOW, Web
from tests.web.test_http import csrf, says

ROSTER = "/org/" + quote("长宁区") + "/roster"
KEY = "693a91f6-7a3f-4c2e-9d1b-3f2a5e8c3f2a"


async def post(client: httpx.AsyncClient, action: str, **data: str) -> httpx.Response:
    """A form of the page, with the page's token."""
    page = await client.get(ROSTER)
    return await client.post(f"{ROSTER}/{action}", data={"csrf": csrf(page), **data})


async def done(client: httpx.AsyncClient, action: str, notice: str, **data: str) -> httpx.Response:
    """A change that redirects (303) to the page, which shows its notice."""
    response = await post(client, action, **data)
    assert response.status_code == 303, response.text
    page = await client.get(response.headers["location"])
    says(page, 200, notice)
    return page


async def unit_row(web: Web, name: str) -> Unit | None:
    """The stored row of a 长宁区 unit."""
    async with web.console.store.sessions() as session:
        return await session.scalar(select(Unit).where(Unit.org == "长宁区", Unit.name == name))


# ---- refusals -------------------------------------------------------------------------------

async def test_without_a_session_the_page_and_its_forms_refuse(web: Web) -> None:
    async with web.client() as client:
        says(await client.get(ROSTER), 401, texts.WEB_NO_SESSION)
        says(await client.post(ROSTER + "/unit-add", data={"name": "区新设局"}), 401,
             texts.WEB_NO_SESSION)
    assert await unit_row(web, "区新设局") is None


async def test_a_liaison_may_not_see_it_and_another_orgs_lead_neither(web: Web) -> None:
    async with web.signed_in("长宁区", "区教育局", "liaison") as client:
        says(await client.get(ROSTER), 403, texts.WEB_LEADS_ONLY)
        page = await client.get("/org/" + quote("长宁区"))
        says(await client.post(ROSTER + "/unit-add", data={"csrf": csrf(page), "name": "区新设局"}),
             403, texts.WEB_LEADS_ONLY)
    async with web.signed_in("普陀区") as client:
        says(await client.get(ROSTER), 403, texts.WEB_OTHER_ORG.format(org="普陀区"))
    assert await unit_row(web, "区新设局") is None


async def test_a_lead_sees_it_read_only_and_may_not_post(web: Web) -> None:
    async with web.signed_in("长宁区") as client:
        page = await client.get(ROSTER)
        says(page, 200, texts.WEB_ROSTER_READ_ONLY)
        assert 'action="' + ROSTER + '/unit-add"' not in page.text
        assert 'id="invites"' not in page.text  # codes are for administrators
        assert f'<td>{LEAD.chat_id}</td>' in page.text  # its bindings are listed
        for action, data in (("unit-add", {"name": "区新设局"}),
                             ("day-set", {"day": "2025-10-25", "kind": "workday"}),
                             ("invite-add", {"unit": "区教育局"})):
            says(await client.post(f"{ROSTER}/{action}", data={"csrf": csrf(page), **data}),
                 403, texts.WEB_ROSTER_ADMINS_ONLY)
    assert await unit_row(web, "区新设局") is None
    assert await list_overrides(web.console.store) == []
    assert await open_invites(web.console.store, "长宁区", NOW) == []


async def test_a_bad_csrf_token_changes_nothing(web: Web) -> None:
    async with web.signed_in(None, None, "admin") as admin, web.signed_in(None, None, "admin") as other:
        theirs = csrf(await other.get(ROSTER))
        for token in (None, "0" * 64, theirs):
            data = {"name": "区新设局"} | ({"csrf": token} if token else {})
            says(await admin.post(ROSTER + "/unit-add", data=data), 403, texts.WEB_BAD_CSRF)
    assert await unit_row(web, "区新设局") is None


async def test_an_unknown_action_is_not_found(web: Web) -> None:
    async with web.signed_in(None, None, "admin") as client:
        says(await post(client, "drop-all"), 404, texts.WEB_NOT_FOUND)


async def test_an_org_nobody_knows_has_no_roster_page(web: Web) -> None:
    async with web.signed_in(None, None, "admin") as client:
        says(await client.get("/org/" + quote("火星区") + "/roster"), 404,
             texts.UNITS_UNKNOWN_ORG.format(org="火星区"))


# ---- units and aliases ----------------------------------------------------------------------

async def test_an_admin_adds_a_unit_and_the_chat_knows_it(web: Web) -> None:
    unknown = await web.say(LEAD, "区新设局的任务")
    assert unknown[0].text.startswith("没有找到『区新设局』")
    async with web.signed_in(None, None, "admin") as client:
        page = await done(client, "unit-add", texts.UNITS_ADDED.format(
            org="长宁区", unit="区新设局", kind="部门"), name="区新设局", kind="department")
        assert '<tr data-unit="区新设局"><td class="name">区新设局</td><td>部门</td>' in page.text
    row = await unit_row(web, "区新设局")
    assert row is not None and (row.kind, row.retired_at, row.added_by) == ("department", None, "test")
    members = await roster(web.console.store, "长宁区", web.chats.answerer.directory)
    assert members.kind_of("区新设局") == "department"
    replies = await web.say(ADMIN, "/units 长宁区")
    assert "区新设局（管理员添加）" in replies[0].text
    found = await web.say(LEAD, "区新设局的任务")  # 各部门's tasks are now its tasks too
    assert found[0].text.split("\n")[0] == "【长宁区 2025年】区新设局，共 23 项（按截止时间列出最近的 10 项）"
    assert "   区新设局（通过「各部门」）：未开始" in found[0].text


async def test_bad_unit_input_is_explained_and_changes_nothing(web: Web) -> None:
    async with web.signed_in(None, None, "admin") as client:
        before = await roster(web.console.store, "长宁区", web.chats.answerer.directory)
        says(await post(client, "unit-add", name="  "), 400, texts.WEB_ROSTER_EMPTY_NAME)
        says(await post(client, "unit-add", name="各部门"), 400,
             texts.UNITS_NOT_COLLECTIVE.format(name="各部门"))
        says(await post(client, "unit-add", name="区新设局", kind="公司"), 400,
             texts.UNITS_BAD_KIND.format(kind="公司", kinds="部门、街道、镇、中心、其他"))
        says(await post(client, "unit-retire", name="区不存在局"), 400,
             texts.UNITS_NOT_ON_ROSTER.format(org="长宁区", unit="区不存在局"))
        after = await roster(web.console.store, "长宁区", web.chats.answerer.directory)
    assert after.members == before.members and after.retired == before.retired


async def test_retire_and_restore_a_unit(web: Web) -> None:
    directory = web.chats.answerer.directory
    async with web.signed_in(None, None, "admin") as client:
        await done(client, "unit-retire", texts.UNITS_RETIRED_OK.format(org="长宁区", unit="区教育局"),
                   name="区教育局")
        members = await roster(web.console.store, "长宁区", directory)
        assert "区教育局" not in members.members and members.retired["区教育局"] == "department"
        page = await done(client, "unit-restore", texts.UNITS_ADDED.format(
            org="长宁区", unit="区教育局", kind="部门"), name="区教育局")
        assert texts.WEB_ROSTER_RETIRED not in page.text.split('data-unit="区教育局"')[1].split("</tr>")[0]
    members = await roster(web.console.store, "长宁区", directory)
    assert members.kind_of("区教育局") == "department" and "区教育局" not in members.retired


async def test_aliases_are_added_refused_when_taken_and_removed(web: Web) -> None:
    others = (await unit_row(web, "区卫健委")).aliases  # read from the plans
    async with web.signed_in(None, None, "admin") as client:
        await done(client, "alias-add", texts.WEB_ROSTER_ALIAS_ADDED.format(unit="区教育局", alias="教育局"),
                   name="区教育局", alias="教育局")
        assert (await unit_row(web, "区教育局")).aliases == ["教育局"]
        await done(client, "alias-add", texts.WEB_ROSTER_ALIAS_ADDED.format(unit="区教育局", alias="长宁教委"),
                   name="区教育局", alias="长宁教委")
        found = await web.say(LEAD, "长宁教委的任务")  # the chat knows the alias at once
        assert found[0].text.split("\n")[0].startswith("【长宁区 2025年】区教育局，共 24 项")
        says(await post(client, "alias-add", name="区卫健委", alias="教育局"), 400,
             texts.WEB_ROSTER_ALIAS_CLASH.format(alias="教育局", org="长宁区"))
        says(await post(client, "alias-add", name="区卫健委", alias="区教育局"), 400,
             texts.WEB_ROSTER_ALIAS_CLASH.format(alias="区教育局", org="长宁区"))
        says(await post(client, "alias-add", name="区教育局", alias=" "), 400,
             texts.WEB_ROSTER_EMPTY_ALIAS)
        says(await post(client, "unit-add", name="教育局"), 400,
             texts.WEB_ROSTER_ALIAS_CLASH.format(alias="教育局", org="长宁区"))
        assert (await unit_row(web, "区卫健委")).aliases == others
        await done(client, "alias-remove", texts.WEB_ROSTER_ALIAS_REMOVED.format(unit="区教育局", alias="教育局"),
                   name="区教育局", alias="教育局")
        says(await post(client, "alias-remove", name="区教育局", alias="教育局"), 400,
             texts.WEB_ROSTER_ALIAS_NONE.format(unit="区教育局", alias="教育局"))
        await done(client, "alias-remove", texts.WEB_ROSTER_ALIAS_REMOVED.format(unit="区教育局", alias="长宁教委"),
                   name="区教育局", alias="长宁教委")
    assert (await unit_row(web, "区教育局")).aliases == []
    assert not (await web.say(LEAD, "长宁教委的任务"))[0].text.startswith("【长宁区 2025年】区教育局")


# ---- invites and bindings -------------------------------------------------------------------

async def test_invites_are_made_listed_used_in_chat_and_revoked(web: Web) -> None:
    store = web.console.store
    async with web.signed_in(None, None, "admin") as client:
        response = await post(client, "invite-add", unit="区卫健委")
        assert response.status_code == 303
        (liaison,) = await open_invites(store, "长宁区", NOW)
        assert (liaison.unit, liaison.role) == ("区卫健委", "liaison")
        page = await client.get(response.headers["location"])
        says(page, 200, texts.INVITE_OK.format(code=liaison.code, who=org_unit("长宁区", "区卫健委"),
                                               role=texts.ROLE_NAMES["liaison"]))
        assert f'data-code="{liaison.code}"' in page.text
        await post(client, "invite-add")
        lead = next(i for i in await open_invites(store, "长宁区", NOW) if i.code != liaison.code)
        assert (lead.unit, lead.role) == (None, "lead")
        await done(client, "invite-revoke", texts.WEB_ROSTER_REVOKED.format(code=lead.code),
                   code=lead.code)
        says(await post(client, "invite-revoke", code=lead.code), 400,
             texts.WEB_ROSTER_NO_INVITE.format(code=lead.code))
    assert [i.code for i in await open_invites(store, "长宁区", NOW)] == [liaison.code]
    bound = await web.say(LIAISON.__class__("telegram", "555"), f"/bind {lead.code}")
    assert bound[0].text == texts.BIND_ERRORS["expired"]


async def test_an_admin_unbinds_a_chat(web: Web) -> None:
    store = web.console.store
    (binding,) = [b for b in await all_bindings(store) if b.chat_id == LIAISON.chat_id]
    async with web.signed_in(None, None, "admin") as client:
        await done(client, "unbind", texts.WEB_ROSTER_UNBOUND.format(
            platform="telegram", chat=LIAISON.chat_id, who=org_unit("长宁区", "区教育局")), binding=str(binding.id))
        says(await post(client, "unbind", binding=str(binding.id)), 400, texts.WEB_ROSTER_NO_BINDING)
        other = next(b for b in await all_bindings(store) if b.org == "普陀区")
        says(await post(client, "unbind", binding=str(other.id)), 400, texts.WEB_ROSTER_NO_BINDING)
    assert [b.chat_id for b in await all_bindings(store) if b.org == "长宁区"] == [LEAD.chat_id]
    assert other in await all_bindings(store)


# ---- robots ---------------------------------------------------------------------------------

async def test_a_robot_is_bound_with_its_key_never_shown_and_unbound(
        web: Web, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)  # (a database driver's DEBUG lines echo every SQL parameter)
    for ours in ("bot", "store", "config"):
        caplog.set_level(logging.DEBUG, logger=ours)
    store = web.console.store
    url = f"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key={KEY}"
    async with web.signed_in(None, None, "admin") as client:
        page = await done(client, "robot-add", texts.ROBOT_BIND_OK.format(who=org_unit("长宁区", "区教育局")),
                          platform="wecom", unit="区教育局", key=url)
        assert KEY not in page.text and KEY[:8] not in page.text
        assert "<code>…3f2a</code>" in page.text
        async with store.sessions() as session:
            assert (await session.scalars(select(Robot.key))).all() == [KEY]
        (robot,) = [b for b in await all_bindings(store) if b.platform == ROBOT]
        assert (robot.org, robot.unit) == ("长宁区", "区教育局")
        says(await post(client, "robot-add", platform="feishu", unit="区教育局", key=KEY), 400,
             texts.WEB_ROSTER_BAD_PLATFORM)
        says(await post(client, "robot-add", platform="wecom", unit="区教育局", key=KEY,
                        secret="SEC" + "a" * 20), 400, texts.WEB_ROSTER_SECRET_DINGTALK_ONLY)
        says(await post(client, "robot-add", platform="wecom", unit="区教育局", key="短"), 400,
             texts.ROBOT_BAD_KEY)
        page = await done(client, "unbind", texts.WEB_ROSTER_ROBOT_UNBOUND.format(
            who=org_unit("长宁区", "区教育局")), binding=str(robot.id))
        assert KEY not in page.text
    assert [b for b in await all_bindings(store) if b.platform == ROBOT] == []
    assert caplog.records and KEY not in caplog.text and KEY[-12:] not in caplog.text


async def test_a_dingtalk_robot_is_bound_with_its_secret_and_neither_shown(web: Web) -> None:
    store = web.console.store
    token, secret = "b" * 60 + "9c1d", "SEC" + "f" * 61
    url = f"https://oapi.dingtalk.com/robot/send?access_token={token}"
    async with web.signed_in(None, None, "admin") as client:
        page = await done(client, "robot-add", texts.ROBOT_BIND_OK.format(who=org_unit("长宁区", "区教育局")),
                          platform="dingtalk", unit="区教育局", key=url, secret=secret)
        assert token not in page.text and secret not in page.text and secret[-8:] not in page.text
        assert "<code>…9c1d</code>" in page.text and "钉钉群机器人" in page.text
    async with store.sessions() as session:
        assert (await session.execute(select(Robot.platform, Robot.key, Robot.secret))).all() == [
            ("dingtalk", token, secret)]
    assert [(b.org, b.unit) for b in await all_bindings(store) if b.platform == DINGTALK_ROBOT] == [
        ("长宁区", "区教育局")]


async def test_a_lead_sees_robots_masked(web: Web) -> None:
    await bind_robot(web.console.store, "长宁区", "区教育局", KEY, "test", NOW)
    async with web.signed_in("长宁区") as client:
        page = await client.get(ROSTER)
        says(page, 200, "<code>…3f2a</code>")
        assert KEY not in page.text


# ---- calendar -------------------------------------------------------------------------------

async def test_calendar_overrides_are_set_and_removed_and_move_workdays(web: Web) -> None:
    store = web.console.store
    saturday = date(2025, 10, 25)
    assert not (await load_calendar(store)).is_workday(saturday)
    assert (await web.say(LIAISON, "第25项什么时候截止"))[0].text.endswith(
        "⏰ 还有 11 天（9 个工作日），截止10月31日")
    async with web.signed_in(None, None, "admin") as client:
        page = await done(client, "day-set", texts.WEB_ROSTER_CALENDAR_SET.format(
            day="2025-10-25", kind="上班"), day="2025-10-25", kind="workday", note="调休")
        assert '<tr data-day="2025-10-25"><td>2025-10-25</td><td>上班</td><td>调休</td>' in page.text
        says(await post(client, "day-set", day="10月25日", kind="workday"), 400,
             texts.WEB_ROSTER_BAD_DAY.format(day="10月25日"))
        says(await post(client, "day-set", day="2025-10-27", kind="maybe"), 400,
             texts.WEB_ROSTER_BAD_DAY_KIND)
        (override,) = await list_overrides(store)
        assert (override.day, override.workday, override.note) == (saturday, True, "调休")
        calendar = await load_calendar(store)
        assert calendar.is_workday(saturday)
        assert calendar.workdays_between(date(2025, 10, 24), date(2025, 10, 27)) == 2
        assert (await web.say(LIAISON, "第25项什么时候截止"))[0].text.endswith(
            "⏰ 还有 11 天（10 个工作日），截止10月31日")  # the chat counts the Saturday
        await done(client, "day-remove", texts.WEB_ROSTER_CALENDAR_REMOVED.format(day="2025-10-25"),
                   day="2025-10-25")
        says(await post(client, "day-remove", day="2025-10-25"), 400,
             texts.WEB_ROSTER_CALENDAR_NO.format(day="2025-10-25"))
    assert await list_overrides(store) == []
    assert (await load_calendar(store)).workdays_between(date(2025, 10, 24), date(2025, 10, 27)) == 1
    assert (await web.say(LIAISON, "第25项什么时候截止"))[0].text.endswith(
        "⏰ 还有 11 天（9 个工作日），截止10月31日")


async def test_a_notice_in_the_address_is_shown_only_when_signed(web: Web) -> None:
    async with web.signed_in(None, None, "admin") as client:
        page = await client.get(ROSTER + "?notice=" + quote("请转账") + "&s=" + "0" * 64)
        says(page, 200, texts.WEB_ROSTER_UNITS)
        assert "请转账" not in page.text
        assert not re.search(r'id="notice"', page.text)
