"""Inserting many new rows with PostgreSQL's COPY.

``bulk_create`` on PostgreSQL sends each column as one array parameter, which
psycopg builds in Python under client-side binding (Balai's setting): 10,000
residents, or 10,000 audit entries with their JSON, took 4-10 s each on a
2-core machine. COPY streams rows that psycopg formats in C: about 1 s.
Same database rules either way: constraints and foreign keys are checked, a
conflict raises Django's ``IntegrityError``.
"""
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model


def ids_reserve(model: type[Model], count: int) -> list[int]:
    """``count`` primary keys from the table's own sequence, never handed out again."""
    if count == 0:
        return []
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                       [model._meta.db_table, model._meta.pk.column, count])
        return [row[0] for row in cursor.fetchall()]


def copy_insert(objs: list[Model]) -> None:
    """Insert new instances of one model, as ``bulk_create`` would: in the current
    schema and transaction, ``auto_now_add`` filled, primary keys set on the
    instances (reserved first where missing, so rows can refer to each other
    before they are written)."""
    if not objs:
        return
    meta = type(objs[0])._meta
    missing = [obj for obj in objs if obj.pk is None]
    for obj, pk in zip(missing, ids_reserve(type(objs[0]), len(missing)), strict=True):
        obj.pk = pk
    # The connection itself, not the ``connection`` proxy: one look-up, not one per value.
    connection = connections[DEFAULT_DB_ALIAS]
    fields = meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    statement = f"COPY {connection.ops.quote_name(meta.db_table)} ({columns}) FROM STDIN"
    with connection.cursor() as cursor, connection.wrap_database_errors, cursor.cursor.copy(statement) as copy:
        for obj in objs:
            # Django's own check before a save: no unsaved related object, related ids filled in.
            obj._prepare_related_fields_for_save(operation_name="copy_insert")
            copy.write_row([field.get_db_prep_save(field.pre_save(obj, add=True), connection) for field in fields])
            obj._state.adding, obj._state.db = False, connection.alias
