"""Corrections of imported tasks, and the parts of a task row the importer now keeps.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create task_corrections; add tasks.number, tasks.detail, tasks.progress_text."""
    op.create_table(
        "task_corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("plans.id", ondelete="CASCADE"), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("before", sa.Text),
        sa.Column("from_file", sa.Text),
        sa.Column("author", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_task_corrections_plan_seq", "task_corrections", ["plan_id", "seq"])
    with op.batch_alter_table("tasks") as batch:
        batch.add_column(sa.Column("number", sa.String(32)))
        batch.add_column(sa.Column("detail", sa.Text))
        batch.add_column(sa.Column("progress_text", sa.Text))


def downgrade() -> None:
    """Drop what upgrade added."""
    with op.batch_alter_table("tasks") as batch:
        batch.drop_column("progress_text")
        batch.drop_column("detail")
        batch.drop_column("number")
    op.drop_index("ix_task_corrections_plan_seq", "task_corrections")
    op.drop_table("task_corrections")
