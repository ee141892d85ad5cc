import importlib

Migration = importlib.import_module("tenant_apps.village.migrations.0001_initial").Migration
