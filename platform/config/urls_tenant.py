"""URLs of a village host (``<slug>.<base domain>`` or the village's own domain)."""
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView


urlpatterns = [
    path("", include("shared_apps.accounts.urls")),
    path("", include("tenant_apps.village.urls")),
    path("", include("shared_apps.ops.support_urls")),
    path("", include("tenant_apps.population.urls")),
    path("", include("tenant_apps.books.urls")),
    path("", include("tenant_apps.letters.urls")),
    path("", include("tenant_apps.selfservice.urls")),
    path("", include("tenant_apps.complaints.urls")),
    path("api/v1/", include("shared_apps.accounts.api_urls")),
    path("api/v1/", include("tenant_apps.population.api_urls")),
    path("api/v1/", include("tenant_apps.letters.api_urls")),
    path("api/v1/", include("tenant_apps.selfservice.api_urls")),
    path("api/v1/", include("tenant_apps.complaints.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("i18n/", include("django.conf.urls.i18n")),
]
