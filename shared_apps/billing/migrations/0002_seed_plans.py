from django.db import migrations

from shared_apps.billing.plans import PLANS, plans_seed


def seed(apps, schema_editor):
    plans_seed(apps.get_model("billing", "Plan"))


def unseed(apps, schema_editor):
    apps.get_model("billing", "Plan").objects.filter(code__in=[p["code"] for p in PLANS], subscriptions=None).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
