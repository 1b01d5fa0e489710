"""Rosters: a unit an administrator added (who) or retired (when) from its org's roster.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add units.added_by and units.retired_at."""
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("added_by", sa.String(128)))
        batch.add_column(sa.Column("retired_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    """Drop what upgrade added."""
    with op.batch_alter_table("units") as batch:
        batch.drop_column("retired_at")
        batch.drop_column("added_by")
