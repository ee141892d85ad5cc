"""Billing's scheduled work (CELERY_BEAT_SCHEDULE): the clock's moves of the
state machine, then reminders. Both only touch the public schema and are safe
to run twice: moves are re-checked under a row lock, reminders are recorded."""
from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shared_apps.billing.models import Subscription
from shared_apps.billing.reminders import reminders_send_due
from shared_apps.billing.state import PAST_DUE_DAYS, subscription_advance_by_clock

S = Subscription.Status


def subscriptions_advance_by_clock(*, now=None) -> int:
    now = now or timezone.now()
    due = Subscription.objects.filter(
        Q(status=S.TRIALING, trial_ends_at__lte=now)
        | Q(status=S.PAST_DUE, past_due_since__lte=now - timezone.timedelta(days=PAST_DUE_DAYS))
        | Q(status=S.GRACE, grace_ends_at__lte=now)
    ).values_list("pk", flat=True)
    moved = 0
    for pk in list(due):
        with transaction.atomic():
            subscription = Subscription.objects.select_for_update().select_related("village").get(pk=pk)
            moved += subscription_advance_by_clock(subscription, now=now)
    return moved


@shared_task(name="billing.advance_by_clock", time_limit=600, soft_time_limit=540)
def advance_by_clock() -> int:
    return subscriptions_advance_by_clock()


@shared_task(name="billing.send_reminders", time_limit=600, soft_time_limit=540)
def send_reminders() -> int:
    return reminders_send_due()
