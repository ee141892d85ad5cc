"""How a village says "my figures changed" without the refresh scanning every village.

Village services (population, letters, residents' requests, complaints) call
``rollup_mark_changed()`` inside their transaction. It adds one row to
``oversight_villagechange`` (at most one per village per transaction: ``ON
CONFLICT DO NOTHING`` on the transaction id), so the mark commits or rolls back
with the change itself: a dry-run import leaves none. It is an INSERT, never an
UPDATE of a shared row, so concurrent writers in a village never wait for each
other on it. The refresh reads the marks, rolls the village up and deletes
exactly the marks it read; a mark committed meanwhile stays for the next run.
"""
from django.db import connection

from tenants.models import PUBLIC_SCHEMA

_MARK = (
    'INSERT INTO "public"."oversight_villagechange" (village_id, xact, created_at) '
    'SELECT id, txid_current(), now() FROM "public"."tenants_village" WHERE schema_name = %s '
    "ON CONFLICT (village_id, xact) DO NOTHING"
)


def rollup_mark_changed() -> None:
    """Mark the current village's figures as changed (see the module docstring)."""
    schema_name = connection.schema_name
    if not schema_name or schema_name == PUBLIC_SCHEMA:
        return  # no village entered: nothing of a village's figures can have changed
    with connection.cursor() as cursor:
        cursor.execute(_MARK, [schema_name])
