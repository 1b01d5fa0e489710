"""tasks.area and units.aliases are never NULL (the models say so): NULLs become empty lists.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = (("tasks", "area"), ("units", "aliases"))


def upgrade() -> None:
    """Fill NULLs with '[]', then forbid them."""
    for table, column in COLUMNS:
        op.execute(sa.text(f"UPDATE {table} SET {column} = '[]' WHERE {column} IS NULL"))
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, existing_type=sa.Text(), nullable=False)


def downgrade() -> None:
    """Allow NULLs again."""
    for table, column in COLUMNS:
        with op.batch_alter_table(table) as batch:
            batch.alter_column(column, existing_type=sa.Text(), nullable=True)
