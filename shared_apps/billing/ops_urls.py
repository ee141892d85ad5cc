from django.urls import path

from shared_apps.billing import ops_views

app_name = "billing-ops"
urlpatterns = [
    path("", ops_views.billing_overview, name="overview"),
    path("invoices/<int:pk>/mark-paid/", ops_views.invoice_mark_paid_view, name="invoice-mark-paid"),
    path("subscriptions/<int:pk>/extend-trial/", ops_views.subscription_extend_trial_view, name="extend-trial"),
]
