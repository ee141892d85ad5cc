"""Settings shared by every environment.

Load order: ``base`` (this file, defaults safe for a developer's machine) is
imported by ``test`` and ``production``, which override what differs. Every
value that varies between deployments comes from the environment through the
typed helpers in ``config.env``; a bad value stops start-up with a message
naming the variable.
"""
from pathlib import Path

from celery.schedules import crontab

from config.env import env_bool, env_database, env_float, env_int, env_str, env_url
from config.observability import init_sentry

REPO_ROOT = Path(__file__).resolve().parents[3]
VAR_DIR = Path(env_str("BALAI_VAR_DIR", str(REPO_ROOT / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
# Only for a developer's machine; production.py requires DJANGO_SECRET_KEY.
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "balai-dev-only-not-secret")

# --- Tenancy ---------------------------------------------------------------
BALAI_BASE_DOMAIN = env_str("BALAI_BASE_DOMAIN", "localhost").lower()
# Scheme and port used when Balai prints or links a village's address.
BALAI_URL_SCHEME = env_str("BALAI_URL_SCHEME", "http")
BALAI_URL_PORT = env_int("BALAI_URL_PORT", 8000, minimum=0)
# Seconds a process keeps a host → village lookup (a status change reaches
# every process within this time; the process that made it sees it at once).
BALAI_ROUTING_CACHE_SECONDS = env_int("BALAI_ROUTING_CACHE_SECONDS", 30, minimum=0)
# A connection keeps ~2.5 MB of catalogue cache per village schema it has
# touched; it is closed after touching this many.
BALAI_CONNECTION_MAX_SCHEMAS = env_int("BALAI_CONNECTION_MAX_SCHEMAS", 50, minimum=1)

# Every host is checked by tenants.routing against the Domain table before any
# view runs (unknown hosts get a 404); villages' own domains are rows there,
# not entries here, so adding one needs no restart.
ALLOWED_HOSTS = ["*"]

SHARED_APPS = [
    # `tenants` comes before `django_tenants` so that its `migrate` command wins.
    "tenants",
    "django_tenants",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Second factor (TOTP) for platform staff signing in to the ops console.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "shared_apps.accounts",
    "shared_apps.regions",
    "shared_apps.fleet",
    "shared_apps.ops",
    "shared_apps.oversight",
]
# Every app here is multiplied by the number of villages in the catalogue:
# keep it to what a village must own (ARCHITECTURE.md, ≤ 150 relations).
TENANT_APPS = [
    "tenant_apps.village",
    "tenant_apps.population",
    "tenant_apps.books",
    "tenant_apps.letters",
    "tenant_apps.selfservice",
    "tenant_apps.complaints",
]
INSTALLED_APPS = SHARED_APPS + [app for app in TENANT_APPS if app not in SHARED_APPS]

TENANT_MODEL = "tenants.Village"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
# Send `SET search_path` once per request, not per query (django-tenants 4.0.1
# clears its memo on rollback and savepoint rollback, the #1262 fix).
TENANT_LIMIT_SET_CALLS = True
DATABASE_ROUTERS = ["django_tenants.routers.TenantSyncRouter"]

DATABASES = {"default": env_database("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/balai")}
DATABASES["default"].update(
    ENGINE="tenants.db",
    # Persistent connections, recycled: a connection's catalogue cache grows
    # with every village it touches (see BALAI_CONNECTION_MAX_SCHEMAS too).
    CONN_MAX_AGE=env_int("DJANGO_CONN_MAX_AGE", 300, minimum=0),
    CONN_HEALTH_CHECKS=True,
)
# A request waits at most this long for a lock (e.g. a village mid-upgrade)
# before it is answered with a maintenance notice (tenants.maintenance).
BALAI_DB_LOCK_TIMEOUT_MS = env_int("BALAI_DB_LOCK_TIMEOUT_MS", 3000, minimum=0)
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = f"{_options.get('options', '')} -c lock_timeout={BALAI_DB_LOCK_TIMEOUT_MS}".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

MIDDLEWARE = [
    "tenants.routing.VillageRoutingMiddleware",
    "tenants.maintenance.MaintenanceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "shared_apps.accounts.middleware.VillageSessionGuardMiddleware",
    "shared_apps.ops.middleware.SupportAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [REPO_ROOT / "platform" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tenant_apps.village.context_processors.village_menu",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Accounts --------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "village:dashboard"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The name authenticator apps show next to an ops account's codes.
OTP_TOTP_ISSUER = env_str("BALAI_OTP_ISSUER", "Balai")
# Session cookies are host-only (no SESSION_COOKIE_DOMAIN), so a village's
# cookie is never sent to another village's host.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# --- API -------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "shared_apps.accounts.authentication.VillageTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_RATES": {"auth": env_str("BALAI_AUTH_THROTTLE_RATE", "20/minute")},
}
# Proxies in front of Balai that append to X-Forwarded-For (nginx: 1). A
# client's own X-Forwarded-For entries are never trusted beyond these.
BALAI_NUM_PROXIES = env_int("BALAI_NUM_PROXIES", 0, minimum=0)
REST_FRAMEWORK["NUM_PROXIES"] = BALAI_NUM_PROXIES
SPECTACULAR_SETTINGS = {
    "TITLE": "Balai API",
    "DESCRIPTION": "API desa Balai. Setiap desa dilayani di host-nya sendiri; token satu desa tidak berlaku di desa lain.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Celery ----------------------------------------------------------------
# Without CELERY_BROKER_URL the broker is a folder, so a fresh machine needs
# neither Redis nor RabbitMQ; it works across processes (worker, beat, web).
CELERY_BROKER_URL = env_url(
    "CELERY_BROKER_URL", "filesystem://", schemes=("filesystem", "redis", "rediss", "amqp", "amqps")
)
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # Broadcast (remote control) messages; the default would be ./control.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# Threads (each with its own database connection) that roll villages up in one refresh.
BALAI_OVERSIGHT_REFRESH_WORKERS = env_int("BALAI_OVERSIGHT_REFRESH_WORKERS", 2, minimum=1)
CELERY_BEAT_SCHEDULE: dict = {
    # Villages' data archives past their 7 days leave the disk (tenant_apps.village.exports).
    "village-data-exports-forget-expired": {
        "task": "tenants.every_village", "schedule": crontab(hour=2, minute=7),
        "kwargs": {"task_name": "village.data_exports_forget_expired"},
    },
    # Checked import files that nobody imported within a day hold personal data: forget them.
    "population-import-files-sweep": {
        "task": "tenants.every_village",
        "schedule": crontab(hour=2, minute=17),
        "kwargs": {"task_name": "population.import_files_sweep"},
    },
    # Regional rollups: villages whose data changed, every few minutes; every
    # village nightly (age bands move with the calendar, not with writes).
    "oversight-refresh-changed": {
        "task": "oversight.refresh_rollups",
        "schedule": env_int("BALAI_OVERSIGHT_REFRESH_SECONDS", 600, minimum=30),
    },
    "oversight-refresh-all": {
        "task": "oversight.refresh_rollups",
        "schedule": crontab(hour=1, minute=30),
        "kwargs": {"everything": True},
    },
}
# Workers log through Django's LOGGING (and so its scrubbing formatter).
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Cache and files, both per village -------------------------------------
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_url("REDIS_URL", "", schemes=("redis", "rediss")),
        # Prefixes every key with the schema of the current connection.
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
    if env_str("REDIS_URL", "")
    else {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}
MEDIA_ROOT = str(VAR_DIR / "media")
# Ops backups of single villages (tenants.backups); shared by every worker.
BALAI_BACKUP_DIR = str(Path(env_str("BALAI_BACKUP_DIR", str(VAR_DIR / "backups"))))
MEDIA_URL = "/media/"
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STATIC_URL = "/static/"
STATIC_ROOT = str(VAR_DIR / "static")
STATICFILES_DIRS = [REPO_ROOT / "platform" / "static"]
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# --- Language --------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [REPO_ROOT / "platform" / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Outside services ------------------------------------------------------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"Balai <noreply@{BALAI_BASE_DOMAIN}>")
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY", "")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")
STRIPE_API_BASE = env_url("STRIPE_API_BASE", "https://api.stripe.com", schemes=("http", "https"))
SENTRY_DSN = env_str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "development")
SENTRY_TRACES_SAMPLE_RATE = env_float("SENTRY_TRACES_SAMPLE_RATE", 0.0, minimum=0.0, maximum=1.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"()": "config.observability.ScrubbingFormatter", "format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

if SENTRY_DSN:
    init_sentry(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT, traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)
