"""DingTalk's signatures, pure: a custom robot's 加签 (timestamp + HmacSHA256, base64, then
url-encoded in the webhook's query) and the app callback's `timestamp`/`sign` headers (the same
HMAC keyed with the app secret, accepted within an hour either way). No secret in any message."""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote_plus

CALLBACK_WINDOW_MS = 3_600_000  # DingTalk's callbacks are accepted ±1 hour


class SignatureError(Exception):
    """A callback whose signature headers fail the check."""


class MissingSignature(SignatureError):
    """No timestamp or sign header."""


class StaleTimestamp(SignatureError):
    """The timestamp is more than an hour from now (or not a number)."""


class BadSignature(SignatureError):
    """The sign does not match the timestamp and the app secret."""


def sign(secret: str, timestamp_ms: int) -> str:
    """base64(HmacSHA256(secret, "timestamp\\nsecret")), as DingTalk signs and checks."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def robot_query(secret: str, timestamp_ms: int) -> str:
    """The `&timestamp=…&sign=…` a signed robot webhook call adds (sign url-encoded)."""
    return f"timestamp={timestamp_ms}&sign={quote_plus(sign(secret, timestamp_ms))}"


def check_callback(timestamp: str, given: str, secret: str, now_ms: int) -> None:
    """Raise a SignatureError unless `given` signs `timestamp` with `secret` within the window."""
    if not timestamp or not given:
        raise MissingSignature("no timestamp or sign")
    if not timestamp.isdigit() or abs(int(timestamp) - now_ms) > CALLBACK_WINDOW_MS:
        raise StaleTimestamp("timestamp outside the window")
    if not hmac.compare_digest(sign(secret, int(timestamp)).encode(), given.encode()):
        raise BadSignature("sign does not match")
