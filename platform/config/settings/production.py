"""Production settings: ``base`` with everything secret or deployment-specific
required from the environment, and secure defaults.

Load order: base → production. Select with
DJANGO_SETTINGS_MODULE=config.settings.production.
"""
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_int, env_str, env_url
from config.settings.base import *  # noqa: F403
from config.settings.base import CACHES, DATABASES, REST_FRAMEWORK

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
_database = env_database("DATABASE_URL")
DATABASES["default"].update({key: _database[key] for key in ("NAME", "USER", "PASSWORD", "HOST", "PORT")})

BALAI_URL_SCHEME = env_str("BALAI_URL_SCHEME", "https")
BALAI_NUM_PROXIES = env_int("BALAI_NUM_PROXIES", 1, minimum=0)
REST_FRAMEWORK = {**REST_FRAMEWORK, "NUM_PROXIES": BALAI_NUM_PROXIES}
# Throttle counters, provisioning progress and routing must be shared by every
# process, and tasks must reach workers on other machines.
CACHES["default"]["LOCATION"] = env_url("REDIS_URL", schemes=("redis", "rediss"))
CACHES["default"]["BACKEND"] = "django.core.cache.backends.redis.RedisCache"
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", schemes=("redis", "rediss", "amqp", "amqps"))
BALAI_URL_PORT = env_int("BALAI_URL_PORT", 0, minimum=0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 30, minimum=0)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# Never the local Stripe's well-known secret here: without STRIPE_WEBHOOK_SECRET
# every webhook is refused. A key without the endpoint's secret is a mistake.
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET", "")
if env_str("STRIPE_SECRET_KEY", "") and not STRIPE_WEBHOOK_SECRET:
    raise ImproperlyConfigured("STRIPE_WEBHOOK_SECRET is required when STRIPE_SECRET_KEY is set.")
