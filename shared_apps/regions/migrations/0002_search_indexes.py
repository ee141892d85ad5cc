"""Indexes for signup's village search: trigrams of the upper-cased name (any
part of a name, ``icontains``) and a pattern index for code prefixes.
pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it."""

import django.contrib.postgres.indexes
from django.contrib.postgres.operations import TrigramExtension
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('regions', '0001_initial'),
    ]

    operations = [
        TrigramExtension(),
        migrations.AddIndex(
            model_name='region',
            index=django.contrib.postgres.indexes.GinIndex(django.contrib.postgres.indexes.OpClass(django.db.models.functions.text.Upper('name'), name='gin_trgm_ops'), name='region_name_trgm_idx'),
        ),
        migrations.AddIndex(
            model_name='region',
            index=models.Index(django.contrib.postgres.indexes.OpClass('code', name='varchar_pattern_ops'), name='region_code_prefix_idx'),
        ),
    ]
