from datetime import timedelta

from django.utils import timezone

from shared_apps.billing.models import SentReminder, Subscription
from shared_apps.billing.reminders import reminders_send_due
from shared_apps.billing.tasks import send_reminders, subscriptions_advance_by_clock

K = SentReminder.Kind


def _subjects(mailoutbox):
    return [m.subject for m in mailoutbox]


def test_trial_ending_reminder_is_sent_once_per_trial(trial, mailoutbox):
    assert reminders_send_due(now=timezone.now()) == 0
    week_before = trial.trial_ends_at - timedelta(days=6)
    assert reminders_send_due(now=week_before) == 1
    assert reminders_send_due(now=week_before + timedelta(hours=1)) == 0
    assert send_reminders.delay().get() == 0  # beat runs it again: nothing new
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["bendahara@sukamaju.test"]
    assert "Uji coba Balai" in mailoutbox[0].subject and "/langganan/" in mailoutbox[0].body
    # An extended trial is a new period: one more reminder before its new end.
    Subscription.objects.filter(pk=trial.pk).update(trial_ends_at=trial.trial_ends_at + timedelta(days=30))
    assert reminders_send_due(now=week_before + timedelta(days=30)) == 1
    assert SentReminder.objects.filter(subscription=trial, kind=K.TRIAL_ENDING).count() == 2


def test_past_due_and_suspension_reminders_once_each(trial, mailoutbox):
    late = trial.trial_ends_at + timedelta(hours=1)
    subscriptions_advance_by_clock(now=late)
    assert reminders_send_due(now=late) == 1
    subscriptions_advance_by_clock(now=late + timedelta(days=8))
    for hour in range(3):
        reminders_send_due(now=late + timedelta(days=8, hours=hour))
    assert [m.subject.split(" ")[0] for m in mailoutbox] == ["Pembayaran", "Balai"]
    assert "akan ditangguhkan" in mailoutbox[1].subject
    assert set(SentReminder.objects.values_list("kind", flat=True)) == {K.PAST_DUE, K.SUSPENSION}


def test_renewal_reminder_30_days_before_the_period_ends_unless_canceling(trial, senggigi_trial, mailoutbox):
    period_end = timezone.now() + timedelta(days=20)
    Subscription.objects.filter(pk=trial.pk).update(status="active", current_period_end=period_end)
    Subscription.objects.filter(pk=senggigi_trial.pk).update(status="active", current_period_end=period_end,
                                                             cancel_at_period_end=True)
    assert reminders_send_due() == 1
    assert reminders_send_due() == 0
    assert mailoutbox[0].to == ["bendahara@sukamaju.test"] and "diperpanjang" in mailoutbox[0].subject
