"""Small database helpers shared by the apps."""

from django.db import connection

_TREE_LOCK_KEY = 0x0DA9_B0  # an arbitrary constant: "the organization tree"


def lock_tree() -> None:
    """Serialize writes to the organization tree for the rest of the transaction.

    On PostgreSQL a transaction-scoped advisory lock; SQLite already serializes writers (the
    connection opens transactions IMMEDIATE).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_TREE_LOCK_KEY])


def today():
    """Today in the deployment's time zone (Asia/Ho_Chi_Minh)."""
    from django.utils import timezone

    return timezone.localdate()
