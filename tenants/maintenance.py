"""A village being upgraded answers with a short notice, not an error page.

A fleet upgrade holds a village's tables for milliseconds; a request that
meets the lock just waits. One that waits past the connection's lock_timeout
(BALAI_DB_LOCK_TIMEOUT_MS), or that runs new code against a village whose
upgrade has not reached it yet (a missing table or column), gets 503 with
Retry-After instead of a 500.
"""
from django.db import DatabaseError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from psycopg import errors

from shared_apps.fleet.versions import target_version
from tenants.models import Village

RETRY_AFTER_SECONDS = 5


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
        migrating = isinstance(cause, errors.LockNotAvailable) or (
            isinstance(cause, errors.UndefinedTable | errors.UndefinedColumn) and _village_behind(village)
        )
        if not migrating:
            return None
        body = render_to_string(
            "tenants/unavailable.html",
            {"village": village, "message": _("Desa ini sedang diperbarui. Coba lagi dalam beberapa detik.")},
            request=request,
        )
        return HttpResponse(body, status=503, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
