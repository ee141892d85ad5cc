from django.core.paginator import Paginator
from django.views.generic import TemplateView

from shared_apps.accounts.permissions import VillagePermissionMixin
from shared_apps.accounts.selectors import request_membership
from tenant_apps.population.selectors import resident_count
from tenant_apps.village.selectors import audit_entries, profile_get, staff_count


class DashboardView(VillagePermissionMixin, TemplateView):
    template_name = "village/dashboard.html"
    required = {"GET": "village.view"}

    def get_context_data(self, **kwargs):
        membership = request_membership(self.request)
        village = self.request.tenant
        return super().get_context_data(
            profile=profile_get(),
            membership=membership,
            counts={"staff": staff_count(village=village), "residents": resident_count()},
            **kwargs,
        )


class AuditLogView(VillagePermissionMixin, TemplateView):
    """The village's own audit trail; ``?dukungan=1`` shows only support accesses by Balai staff."""

    template_name = "village/audit_log.html"
    required = {"GET": "audit.view"}

    def get_context_data(self, **kwargs):
        support_only = self.request.GET.get("dukungan") == "1"
        page = Paginator(audit_entries(support_only=support_only), 50).get_page(self.request.GET.get("page"))
        return super().get_context_data(page=page, support_only=support_only, **kwargs)
