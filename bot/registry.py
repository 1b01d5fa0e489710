"""The platforms duban can serve, in one table: each entry names its settings slice, whether
that slice turns it on, and the adapter package that builds it (imported only when it is on).
Adding a platform is an adapter package with a `build(slice, services)`, a settings slice and one
entry here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from pydantic_settings import BaseSettings

from bot.platform import Platform, Services
from config.settings import Settings


@dataclass(frozen=True)
class PlatformEntry:
    """One platform: its name, its slice of the settings, when it is on, whether it then takes
    messages (not only pushes), its builder."""

    name: str
    settings: Callable[[Settings], BaseSettings]
    enabled: Callable[[Settings], bool]
    takes_messages: Callable[[Settings], bool]
    builder: str  # "package.module" with build(slice, services) -> list[Platform]


REGISTRY: tuple[PlatformEntry, ...] = (
    PlatformEntry("telegram", lambda s: s.telegram, lambda s: s.telegram.enabled,
                  lambda s: s.telegram.enabled, "bot.adapters.telegram.platform"),
    # The app when DUBAN_WECOM_* is complete; group robots always (their keys are in the store).
    PlatformEntry("wecom", lambda s: s.wecom, lambda s: True, lambda s: s.wecom.enabled,
                  "bot.adapters.wecom.platform"),
    # The app robot when DUBAN_DINGTALK_CLIENT_ID/SECRET are set; custom robots always.
    PlatformEntry("dingtalk", lambda s: s.dingtalk, lambda s: True, lambda s: s.dingtalk.enabled,
                  "bot.adapters.dingtalk.platform"),
)


def takes_messages(settings: Settings) -> bool:
    """Whether any platform that takes messages is configured (else `duban run` is the console)."""
    return any(entry.takes_messages(settings) for entry in REGISTRY)


def build_platforms(settings: Settings, services: Services) -> list[Platform]:
    """Every platform the settings turn on, built and added to the services' delivery."""
    platforms: list[Platform] = []
    for entry in REGISTRY:
        if entry.enabled(settings):
            builder = import_module(entry.builder)
            platforms.extend(builder.build(entry.settings(settings), services))
    for platform in platforms:
        services.delivery.add(platform)
    return platforms
