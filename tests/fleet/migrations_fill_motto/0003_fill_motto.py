from django.db import migrations


def fill(apps, schema_editor):
    profile = apps.get_model("village", "VillageProfile")
    for row in profile.objects.all():
        row.motto = f"Desa {row.name} maju"
        row.save(update_fields=["motto"])


class Migration(migrations.Migration):
    """A data migration: cannot be rendered ahead, so the runner uses Django's executor."""

    dependencies = [("village", "0002_profile_motto")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
