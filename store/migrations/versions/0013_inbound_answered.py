"""Inbound messages are marked answered; wrong invite codes are recorded per chat.

Revision ID: 0013
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add inbound_messages.answered_at (ids taken in before count as answered); create
    bind_attempts."""
    with op.batch_alter_table("inbound_messages") as batch:
        batch.add_column(sa.Column("answered_at", sa.DateTime(timezone=True)))
    op.execute("UPDATE inbound_messages SET answered_at = received_at")
    op.create_table(
        "bind_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("platform", sa.String(16), nullable=False),
        sa.Column("chat_id", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(128)),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_bind_attempts_chat_at", "bind_attempts", ["platform", "chat_id", "at"])


def downgrade() -> None:
    """Drop what upgrade added."""
    op.drop_index("ix_bind_attempts_chat_at", "bind_attempts")
    op.drop_table("bind_attempts")
    with op.batch_alter_table("inbound_messages") as batch:
        batch.drop_column("answered_at")
