"""Quarterly reports, notices in the outbox, an index for quarterly tasks.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create quarterly_reports; add outbox.note; index tasks.recurrence."""
    op.create_table(
        "quarterly_reports",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("org", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("quarter", sa.Integer, nullable=False),
        sa.Column("unit", sa.String(128), nullable=False),
        sa.Column("task_id", sa.Integer, sa.ForeignKey("tasks.id", ondelete="SET NULL")),
        sa.Column("text", sa.Text),
        sa.Column("file_name", sa.String(255)),
        sa.Column("file_ref", sa.String(255)),
        sa.Column("file_data", sa.LargeBinary),
        sa.Column("actor", sa.String(128)),
        sa.Column("chat", sa.String(128)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_quarterly_reports_org_period", "quarterly_reports",
                    ["org", "year", "quarter"])
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("note", sa.Text))
    op.create_index("ix_tasks_recurrence", "tasks", ["recurrence"])


def downgrade() -> None:
    """Drop what upgrade added."""
    op.drop_index("ix_tasks_recurrence", "tasks")
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("note")
    op.drop_index("ix_quarterly_reports_org_period", "quarterly_reports")
    op.drop_table("quarterly_reports")
