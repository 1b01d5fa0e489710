"""Mistakes users make, told apart from programming errors."""

from __future__ import annotations


class UserError(Exception):
    """Something a user wrote or asked for that cannot be done; `str(err)` is the message to show
    them (Chinese, from bot.texts). Anything else raised is a bug and never shown as a message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
