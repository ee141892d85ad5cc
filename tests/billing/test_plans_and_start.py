from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shared_apps.billing.models import Subscription
from shared_apps.billing.selectors import plan_default_paid, plan_list_for_signup
from shared_apps.billing.services import subscription_start
from shared_apps.ops.models import PlatformAuditEntry
from tenants.models import Village


def test_seeded_plans_offer_a_30_day_free_trial_and_an_annual_paid_plan(db):
    plans = {plan.code: plan for plan in plan_list_for_signup()}
    assert plans["trial"].trial_days == 30 and plans["trial"].price_idr_per_year == 0
    assert plans["tahunan"].price_idr_per_year > 0 and plans["tahunan"].is_paid
    assert plan_default_paid().code == "tahunan"


def test_subscription_start_begins_a_30_day_trial_once(sukamaju):
    subscription = subscription_start(village=sukamaju, plan_code="trial", billing_email=" Bendahara@Sukamaju.test ")
    assert subscription.status == Subscription.Status.TRIALING
    assert subscription.billing_email == "bendahara@sukamaju.test"
    assert abs(subscription.trial_ends_at - (timezone.now() + timedelta(days=30))) < timedelta(minutes=1)
    again = subscription_start(village=sukamaju, plan_code="tahunan", billing_email="x@y.test")
    assert again.pk == subscription.pk and again.plan.code == "trial"
    assert Village.objects.get(pk=sukamaju.pk).plan == "trial"
    assert PlatformAuditEntry.objects.filter(village=sukamaju, action="subscription.start").count() == 1


@pytest.mark.parametrize("plan_code, email, field", [("emas", "a@b.test", "plan"), ("trial", "not-an-email", "billing_email")])
def test_subscription_start_refuses_bad_input_and_keeps_nothing(sukamaju, plan_code, email, field):
    with pytest.raises(ValidationError) as error:
        subscription_start(village=sukamaju, plan_code=plan_code, billing_email=email)
    assert field in error.value.message_dict
    assert not Subscription.objects.filter(village=sukamaju).exists()
