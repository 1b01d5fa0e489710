"""Sign-in to the web console: one-time links and sessions (only hashes of their secrets).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create web_links and web_sessions."""
    op.create_table(
        "web_links",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("org", sa.String(64)),
        sa.Column("unit", sa.String(128)),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("chat", sa.String(160)),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
    )
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sid_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("link_id", sa.Integer, sa.ForeignKey("web_links.id")),
        sa.Column("org", sa.String(64)),
        sa.Column("unit", sa.String(128)),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("chat", sa.String(160)),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    """Drop what upgrade added."""
    op.drop_table("web_sessions")
    op.drop_table("web_links")
