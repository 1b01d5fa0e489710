"""What a handler receives besides the query: the asking chat."""

from __future__ import annotations

from dataclasses import dataclass

from store.kinds import ChatRole


@dataclass(frozen=True)
class ChatContext:
    """The asking chat: the org and unit it is bound to, and its role (empty until bindings exist).
    `admin`: its user is an administrator; `unbound`: a chat with no binding (a context with
    neither role nor `unbound` is the answer service used directly: tests, benchmarks)."""

    org: str | None = None
    unit: str | None = None
    role: ChatRole | None = None
    actor: str | None = None
    admin: bool = False
    unbound: bool = False
