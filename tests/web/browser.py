"""Playwright for Python driving the system's Chromium (Debian's `chromium` package; never
`playwright install`). Without either, browser tests skip and say why."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("DUBAN_TEST_CHROMIUM", "/usr/bin/chromium"))


def why_no_browser() -> str | None:
    """Why browser tests cannot run here, or None."""
    if importlib.util.find_spec("playwright") is None:
        return "playwright is not installed (pip install -e '.[dev]')"
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    return None


needs_browser = pytest.mark.skipif(why_no_browser() is not None, reason=why_no_browser() or "")


@asynccontextmanager
async def browser() -> AsyncIterator[Any]:
    """A headless Chromium on this event loop."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=str(CHROMIUM),
                                           args=["--no-sandbox", "--disable-gpu"])
        try:
            yield launched
        finally:
            await launched.close()
