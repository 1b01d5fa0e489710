"""Inbound claims across processes: who is answering a message id, and since when.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add inbound_messages.owner (host:pid of the claimant) and claimed_at."""
    with op.batch_alter_table("inbound_messages") as batch:
        batch.add_column(sa.Column("owner", sa.String(128), nullable=False, server_default=""))
        batch.add_column(sa.Column("claimed_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("inbound_messages") as batch:
        batch.drop_column("claimed_at")
        batch.drop_column("owner")
