"""The trivial view of ``bench/routing.py`` and the two Django setups serving it.

gunicorn loads ``plain_project:make_application("plain")`` or
``plain_project:make_application("village")`` with ``bench/`` on its Python
path. Each gunicorn process serves one side:

* ``village``: Balai's own settings (``config.settings.base``) with DEBUG off
  and this module as the URLconf: ``bench/ping`` followed by the project's
  village URLs (``config.urls_tenant``, unchanged). A request goes through
  ``VillageRoutingMiddleware``, the session guard and the ``tenants.db``
  backend, as on any village host.
* ``plain``: no tenancy. Django's own PostgreSQL backend on the same database
  with the same connection settings (persistent, health-checked), and Balai's
  middleware minus the tenant middlewares; ``middleware="minimal"`` keeps
  only Security and Common instead.

The module is its own URLconf and the village URLs can only be imported once
Django is set up, so settings are given to ``settings.configure`` here rather
than named by DJANGO_SETTINGS_MODULE.
"""
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.urls import include, path

TENANT_MIDDLEWARE = {
    "tenants.routing.VillageRoutingMiddleware",
    "tenants.maintenance.MaintenanceMiddleware",
    "shared_apps.accounts.middleware.VillageSessionGuardMiddleware",
}
MINIMAL_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
]


class StatementCounter:
    """Counts the SQL statements Django sends on this worker's connection.

    A gunicorn sync worker serves one request at a time on one thread, so a
    plain counter suffices. ``ping`` reports and resets it, so each response
    carries the statements of its own request, the middleware's included.
    Django's connection health check bypasses the cursor and is not counted.
    """

    def __init__(self):
        self.statements = 0
        self.search_path_sets = 0

    def __call__(self, execute, sql, params, many, context):
        self.statements += 1
        if sql.lstrip().upper().startswith("SET SEARCH_PATH"):
            self.search_path_sets += 1
        return execute(sql, params, many, context)


counter = StatementCounter()


def ping(request):
    """The trivial view: one tiny query, a four-byte answer."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    response = HttpResponse(b"pong", content_type="text/plain")
    response["X-Bench-Statements"] = str(counter.statements)
    response["X-Bench-Search-Path-Sets"] = str(counter.search_path_sets)
    counter.statements = counter.search_path_sets = 0
    return response


# First, so that URL resolution costs the same on both sides.
urlpatterns = [path("bench/ping", ping)]


def _project_settings() -> dict:
    from config.settings import base  # noqa: PLC0415 - reads the environment; only once chosen

    return {name: getattr(base, name) for name in dir(base) if name.isupper()}


def _village_settings(project: dict) -> dict:
    return {**project, "DEBUG": False, "ROOT_URLCONF": __name__}


def _plain_settings(project: dict, middleware: str) -> dict:
    if middleware == "minimal":
        chosen = MINIMAL_MIDDLEWARE
    elif middleware == "project":
        chosen = [name for name in project["MIDDLEWARE"] if name not in TENANT_MIDDLEWARE]
    else:
        raise ValueError(f"unknown middleware choice {middleware!r}")
    # Same NAME, HOST, CONN_MAX_AGE and CONN_HEALTH_CHECKS; only the engine differs.
    database = {**project["DATABASES"]["default"], "ENGINE": "django.db.backends.postgresql"}
    copied = [
        "SECRET_KEY", "LANGUAGE_CODE", "LANGUAGES", "LOCALE_PATHS", "TIME_ZONE", "USE_I18N", "USE_TZ",
        "STATIC_URL", "STATIC_ROOT", "STATICFILES_DIRS", "DEFAULT_AUTO_FIELD",
    ]
    return {
        **{name: project[name] for name in copied},
        "DEBUG": False,
        "ALLOWED_HOSTS": ["localhost"],
        "ROOT_URLCONF": __name__,
        "INSTALLED_APPS": [
            "django.contrib.contenttypes",
            "django.contrib.auth",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
        ],
        "MIDDLEWARE": chosen,
        "DATABASES": {"default": database},
        "STORAGES": {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": project["STORAGES"]["staticfiles"],
        },
    }


def make_application(side: str, middleware: str = "project"):
    """The WSGI application of one side (``"plain"`` or ``"village"``)."""
    project = _project_settings()
    if side == "village":
        settings.configure(**_village_settings(project))
    elif side == "plain":
        settings.configure(**_plain_settings(project, middleware))
    else:
        raise ValueError(f"unknown side {side!r}")

    from django.core.wsgi import get_wsgi_application  # noqa: PLC0415 - needs configured settings

    application = get_wsgi_application()
    if side == "village":
        urlpatterns.append(path("", include("config.urls_tenant")))
    # gunicorn's sync worker loads the application on the thread that serves
    # its requests, so this is the connection every request uses.
    connection.execute_wrappers.append(counter)
    return application
