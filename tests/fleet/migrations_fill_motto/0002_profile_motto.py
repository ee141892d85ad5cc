from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("village", "0001_initial")]
    operations = [
        migrations.AddField("villageprofile", "motto", models.CharField(max_length=80, default="")),
        migrations.AddIndex("villageprofile", models.Index(fields=["motto"], name="village_profile_motto_idx")),
    ]
