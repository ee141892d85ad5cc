from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("village", "0002_raw_sql")]
    operations = [
        AddIndexConcurrently("villageprofile", models.Index(fields=["phone"], name="village_profile_phone_idx")),
    ]
