"""Quarterly reports, robots and message ids taken in: on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from store.access import all_bindings
from store.repo import Store
from store.reports import add_report, report_file, reported_units, reports
from store.robots import bind_robot, first_time, forget_inbound, robot_key

NOW = datetime(2025, 10, 10, 2, 0, tzinfo=UTC)


async def test_reports_keep_every_submission(store: Store) -> None:
    data = b"\x00\x01PK" * 1000
    first = await add_report(store, org="长宁区", year=2025, quarter=3, unit="区教育局", task_id=None,
                             text="三季度情况", file_name=None, file_ref=None, file_data=None,
                             actor="telegram:7", chat=None, now=NOW)
    second = await add_report(store, org="长宁区", year=2025, quarter=3, unit="区教育局",
                              task_id=None, text=None, file_name="报告.docx", file_ref="f1",
                              file_data=data, actor="telegram:7", chat=None, now=NOW)
    got = await reports(store, "长宁区", 2025, 3)
    assert [(r.id, r.text, r.file_name, r.file_size) for r in got] == [
        (first, "三季度情况", None, None), (second, None, "报告.docx", len(data))]
    assert await report_file(store, second) == ("报告.docx", data)
    assert await report_file(store, first) is None
    assert await reported_units(store, ["长宁区", "普陀区"]) == frozenset({("长宁区", 2025, 3, "区教育局")})
    assert await reports(store, "长宁区", 2025, 2) == []


async def test_robots_bind_once_and_keep_their_key_apart(store: Store) -> None:
    binding, new = await bind_robot(store, "长宁区", "区府办", "key-0001-abcdef", "admin", NOW)
    again, new_again = await bind_robot(store, "长宁区", "区府办", "key-0001-abcdef", "admin", NOW)
    assert new and not new_again and again.id == binding.id
    assert (binding.platform, binding.org, binding.unit) == ("robot", "长宁区", "区府办")
    assert await robot_key(store, binding.chat_id) == "key-0001-abcdef"
    assert await robot_key(store, "999") is None and await robot_key(store, "x") is None
    other, _ = await bind_robot(store, "长宁区", "区教育局", "key-0001-abcdef", "admin", NOW)
    assert other.chat_id == binding.chat_id  # one robot may serve two units
    assert len(await all_bindings(store)) == 2


async def test_a_message_id_is_taken_in_once(store: Store) -> None:
    assert await first_time(store, "wecom", "123", NOW)
    assert not await first_time(store, "wecom", "123", NOW)
    assert await first_time(store, "telegram", "123", NOW)
    assert await forget_inbound(store, NOW + timedelta(seconds=1)) == 2
    assert await first_time(store, "wecom", "123", NOW)  # forgotten after a month: taken in again
