"""Reminder emails: before the trial ends, before renewal, when a payment is
late, before suspension. Each is sent at most once per subscription, kind and
period (a ``SentReminder`` row inserted in the same transaction as the send)."""
import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.billing.models import SentReminder, Subscription
from tenants.selectors import village_url

logger = logging.getLogger(__name__)
K = SentReminder.Kind
S = Subscription.Status
TRIAL_ENDING_DAYS = 7
RENEWAL_DAYS = 30  # a village budget (APBDes) needs time to pay a transfer


def reminders_due(subscription: Subscription, *, now: datetime) -> list[tuple[str, datetime]]:
    """(kind, the date that names its period) of each reminder due now."""
    due = []
    if subscription.status == S.TRIALING and subscription.trial_ends_at \
            and subscription.trial_ends_at - now <= timedelta(days=TRIAL_ENDING_DAYS):
        due.append((K.TRIAL_ENDING, subscription.trial_ends_at))
    if subscription.status == S.ACTIVE and subscription.current_period_end and not subscription.cancel_at_period_end \
            and subscription.current_period_end - now <= timedelta(days=RENEWAL_DAYS):
        due.append((K.RENEWAL, subscription.current_period_end))
    if subscription.status == S.PAST_DUE and subscription.past_due_since:
        due.append((K.PAST_DUE, subscription.past_due_since))
    if subscription.status == S.GRACE and subscription.grace_ends_at:
        due.append((K.SUSPENSION, subscription.grace_ends_at))
    return due


def _text(subscription: Subscription, kind: str, when: datetime) -> tuple[str, str]:
    village, date = subscription.village, timezone.localtime(when).strftime("%d-%m-%Y")
    link = village_url(village) + "langganan/"
    subjects = {
        K.TRIAL_ENDING: _("Uji coba Balai %(village)s berakhir pada %(date)s"),
        K.RENEWAL: _("Langganan Balai %(village)s diperpanjang pada %(date)s"),
        K.PAST_DUE: _("Pembayaran Balai %(village)s lewat jatuh tempo"),
        K.SUSPENSION: _("Balai %(village)s akan ditangguhkan pada %(date)s"),
    }
    bodies = {
        K.TRIAL_ENDING: _("Masa uji coba desa %(village)s berakhir pada %(date)s. Pilih cara bayar di %(link)s."),
        K.RENEWAL: _("Langganan desa %(village)s berakhir pada %(date)s dan akan ditagih untuk tahun berikutnya. "
                     "Rincian tagihan ada di %(link)s."),
        K.PAST_DUE: _("Pembayaran langganan desa %(village)s belum kami terima. Data tetap aman; "
                      "lunasi tagihan di %(link)s agar layanan tidak ditangguhkan."),
        K.SUSPENSION: _("Jika belum dibayar, desa %(village)s akan ditangguhkan pada %(date)s: data dapat dibaca "
                        "tetapi tidak dapat diubah. Lunasi tagihan di %(link)s."),
    }
    values = {"village": village.name, "date": date, "link": link}
    return subjects[kind] % values, bodies[kind] % values


def reminder_send(*, subscription: Subscription, kind: str, when: datetime) -> bool:
    """Send one reminder unless it was sent for this period; returns whether it was sent.
    A failed send rolls the record back, so the next run tries again."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(subscription=subscription, kind=kind, period_key=when.date().isoformat())
            subject, body = _text(subscription, kind, when)
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [subscription.billing_email])
    except IntegrityError:
        return False
    return True


def reminders_send_due(*, now: datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    rows = Subscription.objects.select_related("village").filter(status__in=[S.TRIALING, S.ACTIVE, S.PAST_DUE, S.GRACE])
    for subscription in rows.iterator():
        for kind, when in reminders_due(subscription, now=now):
            try:
                sent += reminder_send(subscription=subscription, kind=kind, when=when)
            except OSError as exc:  # SMTP trouble: not recorded, so retried next run
                logger.warning("billing reminder %s for village %s not sent: %s", kind, subscription.village.code, exc)
    return sent
