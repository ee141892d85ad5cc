"""Signup tasks. They act on public rows (signups) and create villages, so they
are plain tasks, not village tasks; ids travel, never rows."""
from celery import shared_task
from django.utils import timezone

from shared_apps.signup.access import access_requests_purge
from shared_apps.signup.links import VERIFY_MAX_AGE
from shared_apps.signup.mail import send_mail_task  # noqa: F401  (registers signup.send_mail)
from shared_apps.signup.services import signup_provision, signups_purge

# Unverified rows are kept a while past their link's life, then deleted.
PURGE_AFTER = VERIFY_MAX_AGE * 3


@shared_task(name="signup.provision", time_limit=120, soft_time_limit=100)
def signup_provision_task(*, signup_id: int) -> str:
    return signup_provision(signup_id=signup_id).status


@shared_task(name="signup.purge_unverified", time_limit=300, soft_time_limit=240)
def purge_unverified_task() -> int:
    older_than = timezone.now() - PURGE_AFTER
    return signups_purge(older_than=older_than) + access_requests_purge(older_than=older_than)
