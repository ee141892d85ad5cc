from django.db import migrations


class Migration(migrations.Migration):
    """Data-dependent: fails in every village of kecamatan Lunyuk."""

    dependencies = [("village", "0001_initial")]
    operations = [
        migrations.RunSQL(
            "ALTER TABLE village_villageprofile ADD CONSTRAINT kecamatan_not_lunyuk CHECK (kecamatan <> 'Lunyuk')",
            "ALTER TABLE village_villageprofile DROP CONSTRAINT kecamatan_not_lunyuk",
        ),
    ]
