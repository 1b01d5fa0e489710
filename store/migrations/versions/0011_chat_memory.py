"""What each chat asked last, for follow-up questions.

Revision ID: 0011
Revises: 0009
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create chat_memory."""
    op.create_table(
        "chat_memory",
        sa.Column("platform", sa.String(16), primary_key=True),
        sa.Column("chat_id", sa.String(128), primary_key=True),
        sa.Column("speaker", sa.String(255), nullable=False),
        sa.Column("intent", sa.String(32), nullable=False),
        sa.Column("org", sa.String(64)),
        sa.Column("year", sa.Integer),
        sa.Column("unit", sa.String(128)),
        sa.Column("period_start", sa.Date),
        sa.Column("period_end", sa.Date),
        sa.Column("status", sa.String(16)),
        sa.Column("keyword", sa.String(64)),
        sa.Column("guess", sa.String(128)),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    """Drop chat_memory."""
    op.drop_table("chat_memory")
