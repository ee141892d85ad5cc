from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = "Desa (tenant)"

    def ready(self):
        from celery.signals import task_postrun
        from django.core.signals import request_finished
        from django.db import connection

        from tenants.db.base import recycle_if_bloated

        def recycle(**_kwargs):
            recycle_if_bloated(connection)

        request_finished.connect(recycle, weak=False, dispatch_uid="balai.recycle_connection.request")
        task_postrun.connect(recycle, weak=False, dispatch_uid="balai.recycle_connection.task")
