"""Test settings: ``base`` plus what makes the suite fast and self-contained.

Load order: base → test. The database is a real PostgreSQL (DATABASE_URL,
set by the Makefile); pytest-django creates ``test_<name>`` beside it.
"""
import hashlib

from config.settings.base import *  # noqa: F403

DEBUG = False
# One test database per checkout, so two checkouts on one server never share it.
DATABASES["default"]["TEST"] = {  # noqa: F405
    "NAME": f"test_{DATABASES['default']['NAME']}_{hashlib.sha1(str(REPO_ROOT).encode()).hexdigest()[:8]}"  # noqa: F405
}
# Tests are about behaviour, not hashing cost.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
    }
}
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
BALAI_URL_PORT = 0
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"auth": "1000/minute"}}  # noqa: F405
# Static files straight from the source folders; no collectstatic in tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
