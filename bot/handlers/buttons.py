"""Button data: a typed value packed into the few bytes a platform carries back, signed for the
chat it was sent to, so a forged or copied button changes nothing."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from bot import texts
from bot.domain.chat import Button, ChatRef
from store.kinds import Progress

_MAC_CHARS = 12


class Action(StrEnum):
    """What pressing a button does."""

    PROGRESS = "p"  # report the task in progress or done
    EXTEND = "x"  # explain how to ask for an extension of the task
    APPROVE = "a"  # approve an extension request
    REJECT = "r"  # reject it
    IMPORT = "i"  # import a previewed plan file
    REPLACE = "w"  # import it, replacing the whole stored plan
    DROP = "c"  # cancel a previewed import


_STATUS_CODES = {Progress.IN_PROGRESS: "i", Progress.DONE: "d"}
_CODE_STATUS = {code: status for status, code in _STATUS_CODES.items()}


@dataclass(frozen=True)
class ButtonData:
    """A button's meaning: the action, its target (a task id, or an extension request's number)
    and, for progress, the status reported. Packed as `p:12:d`, `x:12:`, `a:3`, `i:5`."""

    action: Action
    target: int
    status: Progress | None = None

    def pack(self) -> str:
        """The data as the platform carries it."""
        if self.action is Action.PROGRESS:
            return f"p:{self.target}:{_STATUS_CODES[self.status or Progress.IN_PROGRESS]}"
        if self.action is Action.EXTEND:
            return f"x:{self.target}:"
        return f"{self.action}:{self.target}"

    @classmethod
    def unpack(cls, text: str) -> ButtonData:
        """The value packed in `text`; ValueError for anything else."""
        kind, _, rest = text.partition(":")
        action = Action(kind)
        target, _, code = rest.partition(":")
        if not target.isdigit():
            raise ValueError(text)
        if action is Action.PROGRESS:
            if code not in _CODE_STATUS:
                raise ValueError(text)
            return cls(action, int(target), _CODE_STATUS[code])
        return cls(action, int(target))


class Signer:
    """Signs button data for a chat (HMAC-SHA256, cut to 12 hex digits: Telegram carries 64
    bytes) and checks it when the button comes back from that chat."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def sign(self, data: ButtonData, chat: ChatRef) -> str:
        """`data|signature`: the signature binds the data to the chat it is sent to."""
        packed = data.pack()
        return f"{packed}|{self._mac(packed, chat)}"

    def verify(self, signed: str, chat: ChatRef) -> ButtonData | None:
        """The data of a button pressed in `chat`, or None when forged, copied or malformed."""
        if not isinstance(signed, str) or not signed.isascii():
            return None  # what we sign is ASCII; anything else was never ours (compare_digest
            # raises TypeError on non-ASCII text)
        packed, _, mac = signed.rpartition("|")
        if not packed or not hmac.compare_digest(self._mac(packed, chat).encode(), mac.encode()):
            return None
        try:
            return ButtonData.unpack(packed)
        except ValueError:
            return None

    def button(self, label: str, data: ButtonData, chat: ChatRef) -> Button:
        """A labelled button signed for `chat`."""
        return Button(label, self.sign(data, chat))

    def task_buttons(self, task_id: int, chat: ChatRef) -> list[list[Button]]:
        """[进行中] [已完成] [申请延期] under a task shown to a liaison."""
        return [[self.button(texts.BUTTON_DOING, ButtonData(Action.PROGRESS, task_id,
                                                            Progress.IN_PROGRESS), chat),
                 self.button(texts.BUTTON_DONE, ButtonData(Action.PROGRESS, task_id,
                                                           Progress.DONE), chat),
                 self.button(texts.BUTTON_EXTEND, ButtonData(Action.EXTEND, task_id), chat)]]

    def digest_buttons(self, chat: ChatRef, task_id: int, seq: int) -> list[Button]:
        """[第N项 进行中] [第N项 已完成] for a reminder digest."""
        return [self.button(texts.DIGEST_BUTTON.format(seq=seq, status=label),
                            ButtonData(Action.PROGRESS, task_id, status), chat)
                for label, status in ((texts.BUTTON_DOING, Progress.IN_PROGRESS),
                                      (texts.BUTTON_DONE, Progress.DONE))]

    def decision_buttons(self, request: int, chat: ChatRef) -> list[list[Button]]:
        """[同意] [驳回] under an extension request sent to a lead."""
        return [[self.button(texts.BUTTON_APPROVE, ButtonData(Action.APPROVE, request), chat),
                 self.button(texts.BUTTON_REJECT, ButtonData(Action.REJECT, request), chat)]]

    def import_buttons(self, pending: int, chat: ChatRef, replace: bool) -> list[list[Button]]:
        """[确认导入] (or [确认替换]) [取消] under an import's preview."""
        confirm = ButtonData(Action.REPLACE if replace else Action.IMPORT, pending)
        label = texts.IMPORT_BUTTON_REPLACE if replace else texts.IMPORT_BUTTON_CONFIRM
        return [[self.button(label, confirm, chat),
                 self.button(texts.IMPORT_BUTTON_CANCEL, ButtonData(Action.DROP, pending), chat)]]

    def _mac(self, packed: str, chat: ChatRef) -> str:
        # The chat id alone (not the platform) is signed, so buttons sent before platforms
        # were told apart keep working.
        message = f"{packed}|{chat.chat_id}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()[:_MAC_CHARS]
