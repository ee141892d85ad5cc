from django.urls import path

from shared_apps.billing import views

app_name = "billing"
urlpatterns = [
    path("langganan/", views.BillingView.as_view(), name="overview"),
    path("langganan/kartu/", views.CardCheckoutView.as_view(), name="card"),
    path("langganan/kartu/selesai/", views.CheckoutDoneView.as_view(), name="checkout-done"),
    path("langganan/transfer/", views.BankTransferView.as_view(), name="bank-transfer"),
    path("langganan/portal/", views.PortalView.as_view(), name="portal"),
]
