"""The roster store on every backend: rows of the units table, bindings, additions and
retirements."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from store.access import create_invite, redeem_invite
from store.directory.directory import Directory
from store.ingest.service import import_files
from store.repo import Store
from store.roster import RosterError, Source, add_unit, load_rosters, retire_unit, roster
from tests.conftest import SAMPLES

NOW = datetime(2025, 10, 28, 2, 0, tzinfo=UTC)


async def test_roster_reads_plans_bindings_and_changes(store: Store, directory: Directory) -> None:
    await import_files(store, [SAMPLES / "changning-2025.txt"])
    code = await create_invite(store, "长宁区", "区科委", "liaison", "test")
    await redeem_invite(store, code, "telegram", "-5", "test")
    members = (await load_rosters(store, ["长宁区"], directory))["长宁区"]
    assert members.members["区科委"].source == Source.CHAT
    assert members.members["区教育局"].source == Source.PLAN
    assert members.members["区体育局"].source == Source.DIRECTORY
    assert "各部门" not in members.members
    departments = set(members.members_of("各部门", directory))

    assert await add_unit(store, "长宁区", "区水务局", "department", "admin", NOW) is True
    assert await add_unit(store, "长宁区", "区水务局", "department", "admin", NOW) is False
    await retire_unit(store, "长宁区", "区体育局", "department", "admin", NOW)  # a directory unit
    await retire_unit(store, "长宁区", "区教育局", "department", "admin", NOW)  # a plan's unit
    changed = await roster(store, "长宁区", directory)
    assert set(changed.members_of("各部门", directory)) == departments - {"区体育局", "区教育局"} | {"区水务局"}
    assert changed.retired == {"区体育局": "department", "区教育局": "department"}
    assert changed.members["区水务局"].source == Source.ADMIN
    assert await add_unit(store, "长宁区", "区教育局", "department", "admin", NOW) is True
    assert "区教育局" in (await roster(store, "长宁区", directory)).members
    with pytest.raises(RosterError):
        await add_unit(store, "长宁区", "各部门", "department", "admin", NOW)
    with pytest.raises(RosterError):
        await add_unit(store, "长宁区", "区水务局", "bureau", "admin", NOW)
