"""SQLAlchemy 2 models of the task store: plans, tasks, units, assignments, progress."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """The current time in UTC (times are stored in UTC)."""
    return datetime.now(UTC)


class ChineseJSON(TypeDecorator):
    """JSON stored as text with ensure_ascii=False, so Chinese stays readable in the database."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Any) -> str | None:
        return None if value is None else json.dumps(value, ensure_ascii=False)

    def process_result_value(self, value: Any, dialect: Any) -> Any:
        return None if value is None else json.loads(value)


class UTCDateTime(TypeDecorator):
    """A timezone-aware datetime stored as UTC; SQLite returns naive values, read back as UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime stored; pass an aware datetime")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base of every table."""


class Plan(Base):
    """One imported plan document (工作要点 / 任务分解表) of an org for a year."""

    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    org: Mapped[str] = mapped_column(String(64), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    doc_no: Mapped[str | None] = mapped_column(String(64))
    issued_on: Mapped[date | None] = mapped_column(Date)
    source_name: Mapped[str] = mapped_column(String(255))
    source_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    tasks: Mapped[list[Task]] = relationship(back_populates="plan", order_by="Task.seq")


class Unit(Base):
    """A responsible unit of an org: a department, street, town, collective or the issuer."""

    __tablename__ = "units"
    __table_args__ = (UniqueConstraint("org", "name", name="uq_units_org_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(16))
    aliases: Mapped[list[str]] = mapped_column(ChineseJSON(), default=list)
    added_by: Mapped[str | None] = mapped_column(String(128))  # an administrator added it
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # out of the roster since


class Task(Base):
    """One numbered task of a plan; `active` is false once a revision removed it."""

    __tablename__ = "tasks"
    __table_args__ = (UniqueConstraint("plan_id", "seq", name="uq_tasks_plan_seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    area: Mapped[list[str]] = mapped_column(ChineseJSON(), default=list)
    title: Mapped[str | None] = mapped_column(Text)
    content: Mapped[str] = mapped_column(Text)
    deadline_text: Mapped[str | None] = mapped_column(Text)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    recurrence: Mapped[str | None] = mapped_column(String(16), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    number: Mapped[str | None] = mapped_column(String(32))  # the numbering as written: 12, (一)
    detail: Mapped[str | None] = mapped_column(Text)  # a requirement column (具体要求) of the table
    progress_text: Mapped[str | None] = mapped_column(Text)  # a 台账's 进展情况 column as imported

    plan: Mapped[Plan] = relationship(back_populates="tasks")
    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="task", cascade="all, delete-orphan", order_by="Assignment.position"
    )


class Assignment(Base):
    """A unit's part in a task: lead, cooperate, implement or responsible, with the raw text."""

    __tablename__ = "assignments"
    __table_args__ = (
        UniqueConstraint("task_id", "unit_id", name="uq_assignments_task_unit"),
        # covering indexes for reading a day's reminders (store/reminders.py)
        Index("ix_assignments_unit_task", "unit_id", "task_id"),
        Index("ix_assignments_task_cover", "task_id", "position", "unit_id", "role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    raw: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    task: Mapped[Task] = relationship(back_populates="assignments")
    unit: Mapped[Unit] = relationship(lazy="joined")


class TaskCorrection(Base):
    """An administrator's correction of what the importer read for one task (units, deadline or
    content); every correction is kept, the latest per field applies, and re-imports keep it."""

    __tablename__ = "task_corrections"
    __table_args__ = (Index("ix_task_corrections_plan_seq", "plan_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(16))  # units / deadline / content
    value: Mapped[str] = mapped_column(Text)  # as the administrator wrote it
    before: Mapped[str | None] = mapped_column(Text)  # the stored value it replaced
    from_file: Mapped[str | None] = mapped_column(Text)  # what the importer read from the file
    author: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Progress(Base):
    """An append-only progress record of a unit on a task; never overwritten."""

    __tablename__ = "progress"
    __table_args__ = (
        Index("ix_progress_unit_task", "unit_id", "task_id"),
        Index("ix_progress_task_cover", "task_id", "created_at", "id", "unit_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    evidence: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Invite(Base):
    """A one-time code an administrator hands out to bind a chat to a unit (or, for a lead, an org)."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    org: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))  # liaison / lead
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by: Mapped[str | None] = mapped_column(String(128))  # platform:chat


class Binding(Base):
    """A chat bound to a unit (liaison) or an org (lead); kept when ended, marked inactive."""

    __tablename__ = "bindings"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16), index=True)
    chat_id: Mapped[str] = mapped_column(String(64), index=True)
    org: Mapped[str] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_why: Mapped[str | None] = mapped_column(String(64))


class Extension(Base):
    """A unit's request to move its due date on a task, and the lead's decision."""

    __tablename__ = "extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"), index=True)
    unit: Mapped[str] = mapped_column(String(128))
    old_due: Mapped[date | None] = mapped_column(Date)
    new_due: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # approved / rejected
    requested_by: Mapped[str | None] = mapped_column(String(128))
    requested_chat: Mapped[str | None] = mapped_column(String(128))
    decided_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ServiceLock(Base):
    """Who runs a singleton part of the service (the Telegram poller), with a heartbeat."""

    __tablename__ = "service_locks"

    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    owner: Mapped[str] = mapped_column(String(128))
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SendLease(Base):
    """Who may send reminders now (one process at a time): the owner and its fencing token, which
    grows by one at every change of holder and is checked by every claim of a digest."""

    __tablename__ = "send_leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    owner: Mapped[str] = mapped_column(String(128))  # host:pid, or "" when released
    role: Mapped[str] = mapped_column(String(16))  # run / remind
    token: Mapped[int] = mapped_column(Integer)
    backend_pid: Mapped[int | None] = mapped_column(Integer)  # PostgreSQL: the lock's backend
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CalendarOverride(Base):
    """An administrator's correction of the official calendar: this day is (not) a workday."""

    __tablename__ = "calendar_overrides"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(Text)


class OutboxItem(Base):
    """One reminder to send: unique per (task, unit, kind, day), so computing a day twice or
    restarting never sends twice; marked with the platform's message id once sent."""

    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("key", name="uq_outbox_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(255))
    day: Mapped[date] = mapped_column(Date, index=True)
    org: Mapped[str] = mapped_column(String(64))
    task_id: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(128))
    kind: Mapped[str] = mapped_column(String(24))
    due_date: Mapped[date | None] = mapped_column(Date)
    chat: Mapped[str | None] = mapped_column(String(128), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)  # pending / sent / failed / no_chat
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    message_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)  # the text of a notice (kind "notice")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # the send lease's token under which a digest was claimed ("sending"), and when
    lease_token: Mapped[int | None] = mapped_column(Integer)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class QuarterlyReport(Base):
    """A unit's quarterly report handed in through chat: its text and/or file; every submission is
    kept (a later one adds to, never replaces, an earlier one)."""

    __tablename__ = "quarterly_reports"
    __table_args__ = (Index("ix_quarterly_reports_org_period", "org", "year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    org: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(128))
    task_id: Mapped[int | None] = mapped_column(ForeignKey("tasks.id", ondelete="SET NULL"))
    text: Mapped[str | None] = mapped_column(Text)
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_ref: Mapped[str | None] = mapped_column(String(255))  # the platform's file id
    file_data: Mapped[bytes | None] = mapped_column(LargeBinary)
    actor: Mapped[str | None] = mapped_column(String(128))
    chat: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Robot(Base):
    """A group robot (WeCom 群机器人 or DingTalk 自定义机器人): its webhook key, kept out of every other table and log; a
    binding (platform "robot", chat id = this id) ties it to a unit."""

    __tablename__ = "robots"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128), unique=True)
    # "wecom" (a webhook key) or "dingtalk" (an access_token, and the 加签 secret when set).
    platform: Mapped[str] = mapped_column(String(16), default="wecom", server_default="wecom")
    secret: Mapped[str | None] = mapped_column(String(128))
    created_by: Mapped[str | None] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class InboundMessage(Base):
    """A platform message id taken in, and when it was answered: a redelivery of an answered
    message is acknowledged and dropped, one never answered (the process died) is processed."""

    __tablename__ = "inbound_messages"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    msg_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who is answering it (host:pid) and since when: another process that receives it meanwhile
    # leaves it to them (store.inbound).
    owner: Mapped[str] = mapped_column(String(128), default="", server_default="")
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ChatMemory(Base):
    """What a chat asked last (org, plan year, unit, period, and the kind of question), so a
    follow-up such as 「第9项」 or 「那逾期的呢」 continues it; one row per chat, overwritten."""

    __tablename__ = "chat_memory"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    chat_id: Mapped[str] = mapped_column(String(128), primary_key=True)
    speaker: Mapped[str] = mapped_column(String(255))  # who the chat spoke as (its binding)
    intent: Mapped[str] = mapped_column(String(32))
    org: Mapped[str | None] = mapped_column(String(64))
    year: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[str | None] = mapped_column(String(128))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str | None] = mapped_column(String(16))
    keyword: Mapped[str | None] = mapped_column(String(64))
    guess: Mapped[str | None] = mapped_column(String(128))  # the unit 「您是说…吗？」 offered
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BindAttempt(Base):
    """A wrong invite code tried in a chat: wrong codes are throttled per chat."""

    __tablename__ = "bind_attempts"
    __table_args__ = (Index("ix_bind_attempts_chat_at", "platform", "chat_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str | None] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PendingImport(Base):
    """A plan file sent in chat and previewed, waiting for its sender to confirm: its bytes and
    hash (what a confirmation imports), who sent it where, and until when it may be confirmed.
    Nothing of the plan is in the plan tables before then; `state` says how it ended."""

    __tablename__ = "pending_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[str] = mapped_column(String(128))
    user: Mapped[str] = mapped_column(String(160))  # platform:user id
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes | None] = mapped_column(LargeBinary)  # dropped once it has ended
    org: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    replace: Mapped[bool] = mapped_column(Boolean, default=False)  # a revision only a replace writes
    state: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WebLink(Base):
    """A one-time sign-in link to the web console (only the hash of its token is kept): who it
    signs in as (the chat's org, unit and role, or an administrator) and whether it was used."""

    __tablename__ = "web_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    org: Mapped[str | None] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))  # liaison / lead / admin
    chat: Mapped[str | None] = mapped_column(String(160))  # platform:chat_id it was asked in
    actor: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class WebSession(Base):
    """A signed-in browser (only the hash of its session id is kept), revocable."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    sid_hash: Mapped[str] = mapped_column(String(64), unique=True)
    link_id: Mapped[int | None] = mapped_column(ForeignKey("web_links.id"))
    org: Mapped[str | None] = mapped_column(String(64))
    unit: Mapped[str | None] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(16))
    chat: Mapped[str | None] = mapped_column(String(160))
    actor: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
