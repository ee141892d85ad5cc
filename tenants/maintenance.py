"""A village being upgraded answers with a short notice, not an error page.

A fleet upgrade holds a village's tables for milliseconds; a request that
meets the lock just waits. One that waits past the connection's lock_timeout
(BALAI_DB_LOCK_TIMEOUT_MS) gets 503 with Retry-After: "being upgraded" when
the village's fleet lock is held, "busy" otherwise. New code meeting a village
its upgrade has not reached yet (a missing table or column) gets the same
"being upgraded" notice; a missing column in a current village stays a 500.
"""
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from psycopg import errors

from shared_apps.fleet.apply import FLEET_LOCK_CLASS
from shared_apps.fleet.versions import target_version
from tenants.models import Village

RETRY_AFTER_SECONDS = 5


def _fleet_upgrading(village: Village) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND granted",
            [FLEET_LOCK_CLASS, village.pk],
        )
        return cursor.fetchone() is not None


def _village_behind(village: Village) -> bool:
    current = Village.objects.filter(pk=village.pk).values_list("schema_version", flat=True).first()
    return current != target_version()


class MaintenanceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        village = getattr(request, "tenant", None)
        if village is None or village.is_public or not isinstance(exception, DatabaseError):
            return None
        cause = exception.__cause__
        if isinstance(cause, errors.LockNotAvailable):
            upgrading = _fleet_upgrading(village)
        elif isinstance(cause, errors.UndefinedTable | errors.UndefinedColumn):
            upgrading = _village_behind(village)
            if not upgrading:
                return None  # a real bug: let it be a 500 and reach Sentry
        else:
            return None
        message = (_("Desa ini sedang diperbarui. Coba lagi dalam beberapa detik.") if upgrading
                   else _("Desa ini sedang sibuk. Coba lagi dalam beberapa detik."))
        body = render_to_string("tenants/unavailable.html", {"village": village, "message": message}, request=request)
        return HttpResponse(body, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
