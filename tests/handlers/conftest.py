"""The Answerer over a private copy of the seeded sample store."""

from __future__ import annotations

import pytest

from bot.handlers.answer import Answerer
from tests.conftest import SeededStore


@pytest.fixture
async def answerer(seeded_store: SeededStore) -> Answerer:
    """An Answerer over a private copy of the seeded store."""
    return Answerer(await seeded_store())
