"""Fixtures shared with the handler tests: the seeded sample store."""

from tests.handlers.conftest import answerer, seeded_template  # noqa: F401 (fixtures)
