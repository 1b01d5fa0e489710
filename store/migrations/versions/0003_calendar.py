"""Calendar overrides: days an administrator marks as workday or holiday.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the overrides table."""
    op.create_table(
        "calendar_overrides",
        sa.Column("day", sa.Date, primary_key=True),
        sa.Column("workday", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text),
    )


def downgrade() -> None:
    """Drop it."""
    op.drop_table("calendar_overrides")
