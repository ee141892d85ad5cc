"""Balai's Django project: settings, URL confs, WSGI/ASGI, Celery and the CLI.

Importing the package loads the Celery app so that ``@shared_task`` binds to it
in every process (web, worker, beat, management commands).
"""
from config.celery import app as celery_app

__all__ = ["celery_app"]
