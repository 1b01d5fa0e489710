"""Covering indexes for reading a day's reminders over large stores.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_assignments_unit_task": ("assignments", ["unit_id", "task_id"]),
    "ix_assignments_task_cover": ("assignments", ["task_id", "position", "unit_id", "role"]),
    "ix_progress_unit_task": ("progress", ["unit_id", "task_id"]),
    "ix_progress_task_cover": ("progress", ["task_id", "created_at", "id", "unit_id", "status"]),
}


def upgrade() -> None:
    """Create the indexes."""
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns)


def downgrade() -> None:
    """Drop them."""
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table)
