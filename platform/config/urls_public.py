"""URLs of the control plane (the base domain)."""
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from shared_apps.billing.webhooks import stripe_webhook
from shared_apps.fleet.views import fleet_status_page
from tenants.api import VillageListCreateView

urlpatterns = [
    path("", TemplateView.as_view(template_name="public/landing.html"), name="landing"),
    path("daftar/", include("shared_apps.signup.urls")),
    path("ops/fleet/", fleet_status_page, name="ops-fleet"),
    path("ops/billing/", include("shared_apps.billing.ops_urls")),
    path("ops/rekap-wilayah/", include("shared_apps.oversight.ops_urls")),
    path("ops/", include("shared_apps.ops.urls")),
    path("billing/stripe/webhook/", stripe_webhook, name="stripe-webhook"),
    path("", include("shared_apps.accounts.urls")),
    path("wilayah/", include("shared_apps.oversight.urls")),
    path("api/v1/", include("shared_apps.accounts.api_urls")),
    path("api/v1/", include("shared_apps.oversight.api_urls")),
    path("api/v1/villages/", VillageListCreateView.as_view(), name="api-villages"),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="config.urls_public"), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]
