from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("village", "0001_initial")]
    operations = [
        migrations.RunSQL("-- a comment first\nCREATE TABLE village_extra (id bigint PRIMARY KEY, note text)"),
        migrations.RunSQL("DO $$ BEGIN PERFORM 1; END $$"),
        migrations.RunSQL("INSERT INTO village_extra VALUES (1, '100% siap')"),
    ]
