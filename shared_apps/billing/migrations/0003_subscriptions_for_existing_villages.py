"""Villages created before billing existed get a 30-day trial from today, billed
to their first operator, so every village has exactly one subscription."""
from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def backfill(apps, schema_editor):
    Village = apps.get_model("tenants", "Village")
    Plan = apps.get_model("billing", "Plan")
    Subscription = apps.get_model("billing", "Subscription")
    Membership = apps.get_model("accounts", "VillageMembership")
    trial = Plan.objects.get(code="trial")
    now = timezone.now()
    for village in Village.objects.exclude(schema_name="public").filter(subscription__isnull=True):
        operator = Membership.objects.filter(village=village, role="operator").order_by("pk").select_related("user").first()
        Subscription.objects.create(
            village=village, plan=trial, status="trialing", trial_ends_at=now + timedelta(days=trial.trial_days),
            billing_email=operator.user.email if operator else f"billing@{village.slug}.invalid",
        )


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_seed_plans"), ("accounts", "0002_email_unique_any_case"), ("tenants", "0001_initial")]
    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
