"""Fixtures shared with the handler tests: the Answerer over the seeded sample store."""

from tests.handlers.conftest import answerer  # noqa: F401 (a fixture)
