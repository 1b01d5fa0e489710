"""The store functions behind the web console's roster page, on every backend: aliases (with
clashes), open invites and revoking them, ending one binding, calendar overrides listed and
removed, robot keys shown only masked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from store.access import (
    InviteError,
    all_bindings,
    create_invite,
    end_binding,
    open_invites,
    redeem_invite,
    revoke_invite,
)
from store.calendar import Override, list_overrides, load_calendar, remove_override, set_override
from store.repo import Store
from store.robots import bind_robot, masked, robot_tails
from store.roster import RosterError, add_alias, add_unit, all_aliases, remove_alias, unit_aliases

NOW = datetime(2025, 10, 28, 2, 0, tzinfo=UTC)


async def test_aliases_are_added_once_refused_when_taken_and_removed(store: Store) -> None:
    await add_unit(store, "长宁区", "区水务局", "department", "admin", NOW)
    assert await add_alias(store, "长宁区", "区水务局", "department", "水务", "admin") is True
    assert await add_alias(store, "长宁区", "区水务局", "department", "水务", "admin") is False
    assert await add_alias(store, "长宁区", "区绿化局", "department", "绿化", "admin") is True
    with pytest.raises(RosterError):
        await add_alias(store, "长宁区", "区绿化局", "department", "水务", "admin")
    with pytest.raises(RosterError):
        await add_alias(store, "长宁区", "区绿化局", "department", "区水务局", "admin")
    assert await add_alias(store, "普陀区", "区水务局", "department", "水务", "admin") is True
    assert await unit_aliases(store, "长宁区") == {"区水务局": ["水务"], "区绿化局": ["绿化"]}
    assert sorted(await all_aliases(store)) == [("水务", "区水务局", "department"),
                                                ("水务", "区水务局", "department"),
                                                ("绿化", "区绿化局", "department")]
    assert await remove_alias(store, "长宁区", "区水务局", "水务") is True
    assert await remove_alias(store, "长宁区", "区水务局", "水务") is False
    assert await unit_aliases(store, "长宁区") == {"区绿化局": ["绿化"]}


async def test_open_invites_and_revoking(store: Store) -> None:
    first = await create_invite(store, "长宁区", "区教育局", "liaison", "admin", NOW)
    second = await create_invite(store, "长宁区", None, "lead", "admin", NOW + timedelta(minutes=1))
    await create_invite(store, "普陀区", None, "lead", "admin", NOW)
    later = NOW + timedelta(minutes=5)
    assert [(i.code, i.unit, i.role) for i in await open_invites(store, "长宁区", later)] == \
        [(second, None, "lead"), (first, "区教育局", "liaison")]
    assert await revoke_invite(store, "普陀区", first, later) is False  # not that org's
    assert await revoke_invite(store, "长宁区", first, later) is True
    assert await revoke_invite(store, "长宁区", first, later) is False
    with pytest.raises(InviteError) as err:
        await redeem_invite(store, first, "telegram", "7", "u", later)
    assert err.value.reason == "expired"
    await redeem_invite(store, second, "telegram", "8", "u", later)
    assert await open_invites(store, "长宁区", later) == []


async def test_one_binding_ends(store: Store) -> None:
    for chat in ("1", "2"):
        code = await create_invite(store, "长宁区", "区教育局", "liaison", "admin", NOW)
        await redeem_invite(store, code, "telegram", chat, "u", NOW)
    first, second = await all_bindings(store)
    assert await end_binding(store, first.id, "普陀区", "web", NOW) is False
    assert await end_binding(store, first.id, "长宁区", "web", NOW) is True
    assert await end_binding(store, first.id, "长宁区", "web", NOW) is False
    assert await all_bindings(store) == [second]


async def test_overrides_are_listed_and_removed(store: Store) -> None:
    await set_override(store, date(2025, 10, 25), True, "调休")
    await set_override(store, date(2025, 10, 8), False)
    assert await list_overrides(store) == [Override(date(2025, 10, 8), False, None),
                                           Override(date(2025, 10, 25), True, "调休")]
    assert (await load_calendar(store)).is_workday(date(2025, 10, 25))
    assert await remove_override(store, date(2025, 10, 25)) is True
    assert await remove_override(store, date(2025, 10, 25)) is False
    assert not (await load_calendar(store)).is_workday(date(2025, 10, 25))


async def test_robot_keys_come_back_masked(store: Store) -> None:
    binding, _ = await bind_robot(store, "长宁区", "区教育局", "abcdefgh-1234-3f2a", "admin", NOW)
    assert await robot_tails(store, [binding.chat_id, "x"]) == {binding.chat_id: "…3f2a"}
    assert masked("0123456789") == "…6789"
