"""DingTalk custom robots (自定义机器人) beside WeCom's: a robot's platform and its signing secret.

Revision ID: 0017
Revises: 0015
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0015"  # on merge: the head before it (0016 when that lands first)
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add robots.platform (existing rows are WeCom's) and robots.secret."""
    with op.batch_alter_table("robots") as batch:
        batch.add_column(sa.Column("platform", sa.String(16), nullable=False,
                                   server_default="wecom"))
        batch.add_column(sa.Column("secret", sa.String(128)))


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("robots") as batch:
        batch.drop_column("secret")
        batch.drop_column("platform")
