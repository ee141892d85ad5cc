"""trialing → active → past_due → grace → suspended → active, and canceled, as
the village lives it: Stripe's objects on the local Stripe, the clock, and the
webhook."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shared_apps.billing.localstripe.sessions import checkout_session_complete
from shared_apps.billing.models import Invoice, Subscription
from shared_apps.billing.payments import bank_transfer_start, checkout_finish, checkout_start, invoice_mark_paid
from shared_apps.billing.services import subscription_extend_trial
from shared_apps.billing.state import GRACE_DAYS, PAST_DUE_DAYS
from shared_apps.billing.tasks import subscriptions_advance_by_clock
from shared_apps.ops.models import PlatformAuditEntry
from tenants.lifecycle import village_resume, village_suspend
from tenants.models import Village
from tests.billing.conftest import deliver, deliver_all

S = Subscription.Status


def _reload(subscription):
    return Subscription.objects.select_related("village").get(pk=subscription.pk)


def _village_status(subscription):
    return Village.objects.get(pk=subscription.village_id).status


def test_unpaid_trial_goes_past_due_then_grace_then_suspended_and_payment_brings_it_back(local_stripe, trial):
    now = timezone.now()
    assert subscriptions_advance_by_clock(now=now) == 0
    after_trial = trial.trial_ends_at + timedelta(minutes=1)
    assert subscriptions_advance_by_clock(now=after_trial) == 1
    assert _reload(trial).status == S.PAST_DUE
    assert subscriptions_advance_by_clock(now=after_trial + timedelta(days=PAST_DUE_DAYS - 1)) == 0
    in_grace = after_trial + timedelta(days=PAST_DUE_DAYS)
    assert subscriptions_advance_by_clock(now=in_grace) == 1
    grace = _reload(trial)
    assert grace.status == S.GRACE and _village_status(trial) == Village.Status.ACTIVE
    assert grace.grace_ends_at >= in_grace + timedelta(days=GRACE_DAYS) - timedelta(minutes=5)
    assert subscriptions_advance_by_clock(now=grace.grace_ends_at + timedelta(seconds=1)) == 1
    suspended = _reload(trial)
    assert suspended.status == S.SUSPENDED and suspended.suspended_by_billing
    assert _village_status(trial) == Village.Status.SUSPENDED

    # The treasurer asks for an invoice and pays by transfer; ops marks it paid.
    bank_transfer_start(subscription=suspended, actor=None)
    assert _reload(trial).status == S.SUSPENDED, "an unpaid invoice does not resume a village"
    invoice = Invoice.objects.get(subscription=trial, status=Invoice.Status.OPEN)
    invoice_mark_paid(invoice=invoice, actor=None, reason="Transfer Bank NTB diterima")
    deliver_all(local_stripe)
    active = _reload(trial)
    assert active.status == S.ACTIVE and not active.suspended_by_billing
    assert active.current_period_end > timezone.now() + timedelta(days=360)
    assert _village_status(trial) == Village.Status.ACTIVE
    actions = list(PlatformAuditEntry.objects.filter(village=trial.village).values_list("action", flat=True))
    assert {"village.suspend", "village.resume", "invoice.mark_paid", "subscription.bank_transfer_start"} <= set(actions)


def _ops_suspend(subscription, platform_staff):
    village_suspend(Village.objects.get(pk=subscription.village_id), actor=platform_staff, reason="Laporan penyalahgunaan")


def _pay_by_transfer(local_stripe, subscription):
    bank_transfer_start(subscription=_reload(subscription), actor=None)
    invoice = Invoice.objects.get(subscription=subscription, status=Invoice.Status.OPEN)
    invoice_mark_paid(invoice=invoice, actor=None, reason="transfer")
    deliver_all(local_stripe)


def test_billing_never_resumes_a_village_that_ops_suspended(local_stripe, trial, platform_staff):
    _ops_suspend(trial, platform_staff)
    _pay_by_transfer(local_stripe, trial)
    assert _reload(trial).status == S.ACTIVE
    assert _village_status(trial) == Village.Status.SUSPENDED


def test_billing_does_not_claim_a_village_ops_suspended_first(trial, platform_staff):
    _ops_suspend(trial, platform_staff)
    late = trial.trial_ends_at + timedelta(days=PAST_DUE_DAYS + GRACE_DAYS + 2)
    for step in range(3):
        subscriptions_advance_by_clock(now=late + timedelta(days=GRACE_DAYS * step))
    subscription = _reload(trial)
    assert subscription.status == S.SUSPENDED and not subscription.suspended_by_billing


def test_an_ops_suspension_after_billings_is_not_lifted_by_payment(local_stripe, trial, platform_staff):
    late = trial.trial_ends_at + timedelta(seconds=1)
    for days in (0, PAST_DUE_DAYS, PAST_DUE_DAYS + GRACE_DAYS + 1):
        subscriptions_advance_by_clock(now=late + timedelta(days=days))
    assert _reload(trial).suspended_by_billing
    village = Village.objects.get(pk=trial.village_id)
    village_resume(village, actor=platform_staff, reason="Janji bayar minggu ini")
    _ops_suspend(trial, platform_staff)
    _pay_by_transfer(local_stripe, trial)
    assert _reload(trial).status == S.ACTIVE
    assert _village_status(trial) == Village.Status.SUSPENDED


def test_card_payment_activates_and_a_failed_renewal_goes_past_due_then_grace(local_stripe, trial):
    url = checkout_start(subscription=trial, success_url="http://sukamaju.localhost/langganan/kartu/selesai/",
                         cancel_url="http://sukamaju.localhost/langganan/")
    session_id = url.rsplit("/", 1)[1]
    checkout_session_complete(local_stripe.store, session_id)  # the payer presses Pay on the hosted page
    checkout_finish(subscription=trial, session_id=session_id)
    active = _reload(trial)
    assert active.status == S.ACTIVE and active.stripe_customer_id and active.stripe_subscription_id
    assert active.plan.code == "tahunan" and Village.objects.get(pk=trial.village_id).plan == "tahunan"
    seen = deliver_all(local_stripe)

    local_stripe.store.subscription_renew(active.stripe_subscription_id, fail=True)
    seen = deliver_all(local_stripe, since=seen)
    assert _reload(trial).status == S.PAST_DUE
    local_stripe.store.subscription_unpaid(active.stripe_subscription_id)
    deliver_all(local_stripe, since=seen)
    assert _reload(trial).status == S.GRACE
    assert _village_status(trial) == Village.Status.ACTIVE


def test_canceled_at_period_end_makes_the_village_read_only_and_keeps_it(local_stripe, trial):
    bank_transfer_start(subscription=trial, actor=None)
    invoice_mark_paid(invoice=Invoice.objects.get(subscription=trial), actor=None, reason="transfer")
    stripe_id = _reload(trial).stripe_subscription_id
    local_stripe.store.subscription_update(stripe_id, {"cancel_at_period_end": "true"})
    seen = deliver_all(local_stripe)
    assert _reload(trial).cancel_at_period_end and _reload(trial).status == S.ACTIVE
    local_stripe.store.subscription_renew(stripe_id)  # the period ends
    deliver_all(local_stripe, since=seen)
    assert _reload(trial).status == S.CANCELED
    assert _village_status(trial) == Village.Status.SUSPENDED
    assert Village.objects.filter(pk=trial.village_id).exists()


def test_a_late_past_due_event_does_not_pull_a_paid_village_back(local_stripe, trial):
    bank_transfer_start(subscription=trial, actor=None)
    stripe_id = _reload(trial).stripe_subscription_id
    invoice = Invoice.objects.get(subscription=trial)
    local_stripe.store.invoice_overdue(invoice.stripe_invoice_id)
    past_due_events = [e for e in local_stripe.store.events if e["type"] in ("invoice.overdue", "customer.subscription.updated")]
    invoice_mark_paid(invoice=invoice, actor=None, reason="transfer")
    assert _reload(trial).status == S.ACTIVE
    for event in past_due_events:  # delivered late, after the payment
        assert deliver(event).status_code == 200
    assert _reload(trial).status == S.ACTIVE
    assert local_stripe.store.get(stripe_id)["status"] == "active"


@pytest.mark.parametrize("days", [0, 366])
def test_extend_trial_refuses_bad_days_and_needs_a_reason(trial, platform_staff, days):
    with pytest.raises(ValidationError):
        subscription_extend_trial(subscription=trial, days=days, actor=platform_staff, reason="janji bayar")
    with pytest.raises(ValidationError):
        subscription_extend_trial(subscription=trial, days=10, actor=platform_staff, reason="  ")
    assert _reload(trial).trial_ends_at == trial.trial_ends_at


def test_trial_end_waits_for_an_invoice_that_is_not_yet_due(local_stripe, trial):
    Subscription.objects.filter(pk=trial.pk).update(trial_ends_at=timezone.now() + timedelta(days=2))
    bank_transfer_start(subscription=_reload(trial), actor=None)  # asked on the trial's last days; due in 30 days
    invoice = Invoice.objects.get(subscription=trial)
    assert subscriptions_advance_by_clock(now=timezone.now() + timedelta(days=3)) == 0
    assert _reload(trial).status == S.TRIALING
    assert subscriptions_advance_by_clock(now=invoice.due_at + timedelta(minutes=1)) == 1
    assert _reload(trial).status == S.PAST_DUE
