from datetime import timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from config.celery import app
from shared_apps.billing.models import Subscription
from shared_apps.billing.payments import checkout_start
from shared_apps.billing.services import subscription_extend_trial
from shared_apps.billing.tasks import subscriptions_advance_by_clock
from tenants.models import Village
from tests.conftest import PASSWORD


def test_village_list_shows_each_village_subscription_status(trial, senggigi, capsys):
    Subscription.objects.filter(pk=trial.pk).update(status=Subscription.Status.GRACE)
    call_command("village", "list")
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("52.04.02.2008") and "  active  grace  " in line for line in lines)
    assert any(line.startswith("52.01.14.2006") and "  active  -  " in line for line in lines)


def test_village_create_starts_the_trial_and_refuses_an_unknown_plan(regions, capsys):
    with pytest.raises(CommandError, match="no plan 'emas'"):
        call_command("village", "create", "--code", "52.01.14.2006", "--slug", "senggigi",
                     "--admin-email", "op@senggigi.test", "--admin-password", PASSWORD, "--plan", "emas")
    assert not Village.objects.filter(code="52.01.14.2006").exists()
    call_command("village", "create", "--code", "52.01.14.2006", "--slug", "senggigi",
                 "--admin-email", "op@senggigi.test", "--admin-password", PASSWORD)
    subscription = Subscription.objects.get(village__code="52.01.14.2006")
    assert subscription.status == Subscription.Status.TRIALING and subscription.billing_email == "op@senggigi.test"


def test_beat_runs_the_billing_tasks_hourly():
    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["billing.advance_by_clock"] == schedule["billing.send_reminders"] == 3600
    app.loader.import_default_modules()
    assert {"billing.advance_by_clock", "billing.send_reminders"} <= set(app.tasks)


def test_extending_the_trial_of_a_village_billing_suspended_resumes_it(trial, platform_staff):
    subscriptions_advance_by_clock(now=trial.trial_ends_at + timedelta(seconds=1))
    later = trial.trial_ends_at + timedelta(days=30)
    subscriptions_advance_by_clock(now=later)
    subscriptions_advance_by_clock(now=later + timedelta(days=15))
    suspended = Subscription.objects.get(pk=trial.pk)
    assert suspended.status == Subscription.Status.SUSPENDED
    subscription_extend_trial(subscription=suspended, days=14, actor=platform_staff, reason="APBDes cair minggu depan")
    resumed = Subscription.objects.get(pk=trial.pk)
    assert resumed.status == Subscription.Status.TRIALING and not resumed.suspended_by_billing
    assert Village.objects.get(pk=trial.village_id).status == Village.Status.ACTIVE


def test_a_repeated_checkout_click_reuses_the_session_not_a_new_one(local_stripe, trial):
    urls = {checkout_start(subscription=trial, success_url="http://x.test/ok/", cancel_url="http://x.test/")
            for _ in range(3)}
    assert len(urls) == 1
    kinds = [o["object"] for o in local_stripe.store.objects.values()]
    assert kinds.count("customer") == 1 and kinds.count("price") == 1 and kinds.count("checkout.session") == 1
