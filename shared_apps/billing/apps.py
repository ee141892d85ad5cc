from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "shared_apps.billing"
    label = "billing"
    verbose_name = "Langganan dan penagihan"
