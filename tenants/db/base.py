"""PostgreSQL backend: django-tenants' wrapper, tuned for thousands of villages.

Two changes, both about cost per request at scale:

* ``set_tenant`` to the schema the connection already uses keeps the memo of
  the ``SET search_path`` already sent, so a persistent connection serving the
  same village again sends no ``SET`` at all. The memo is still cleared on
  rollback, savepoint rollback, close and (here) reconnect, when PostgreSQL
  may have discarded the setting (django-tenants #1262).
* The connection counts the village schemas it has entered. PostgreSQL keeps
  ~2.5 MB of catalogue cache per schema a backend touches and never frees it,
  so ``recycle_if_bloated`` closes a connection that has touched too many.
"""
from django.conf import settings
from django_tenants.postgresql_backend.base import DatabaseWrapper as TenantDatabaseWrapper


class DatabaseWrapper(TenantDatabaseWrapper):
    def __init__(self, *args, **kwargs):
        self.schemas_touched: set[str] = set()
        super().__init__(*args, **kwargs)

    def set_tenant(self, tenant, include_public=True):
        unchanged = (
            self.search_path_set_schemas is not None
            and tenant.schema_name == self.schema_name
            and include_public == self.include_public_schema
        )
        path_already_sent = self.search_path_set_schemas
        super().set_tenant(tenant, include_public)
        if unchanged:
            self.search_path_set_schemas = path_already_sent
        self.schemas_touched.add(tenant.schema_name)

    def close(self):
        super().close()
        self.schemas_touched = set()

    def connect(self):
        # A new server session starts with the default search_path.
        self.search_path_set_schemas = None
        self.schemas_touched = {self.schema_name} if self.schema_name else set()
        super().connect()


def recycle_if_bloated(connection) -> bool:
    """Close ``connection`` if it has entered more village schemas than allowed.

    Call it between units of work (end of a request, end of a task), never
    inside a transaction. Returns whether the connection was closed.
    """
    if len(getattr(connection, "schemas_touched", ())) <= settings.BALAI_CONNECTION_MAX_SCHEMAS:
        return False
    if connection.in_atomic_block:
        return False
    connection.close()
    return True
