"""The send lease (one fenced sender of reminders) and the outbox's claim of a digest.

Revision ID: 0012
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create send_leases; add outbox.lease_token and outbox.claimed_at."""
    op.create_table(
        "send_leases",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("owner", sa.String(128), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token", sa.Integer, nullable=False),
        sa.Column("backend_pid", sa.Integer),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acquired_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("lease_token", sa.Integer))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    """Drop what upgrade added."""
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("claimed_at")
        batch.drop_column("lease_token")
    op.drop_table("send_leases")
