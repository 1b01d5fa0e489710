"""Secrets derived from one root: each with its own label (HMAC-SHA256 of the label under the
root, as HKDF's expand step does with its info string), so knowing one derived secret — a webhook
secret shown to Telegram, say — tells nothing about another, such as the key that signs buttons."""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum


class Label(StrEnum):
    """What a derived secret is for; every use has its own."""

    BUTTONS = "duban/v1/button-signing-key"
    TELEGRAM_WEBHOOK = "duban/v1/telegram-webhook-secret-token"


def derive(root: bytes, label: Label) -> bytes:
    """The 32-byte secret for `label` under `root`."""
    return hmac.new(root, label.value.encode(), hashlib.sha256).digest()
