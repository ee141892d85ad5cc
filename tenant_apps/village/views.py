from django.views.generic import TemplateView

from shared_apps.accounts.permissions import VillagePermissionMixin
from shared_apps.accounts.selectors import request_membership
from tenant_apps.population.selectors import resident_count
from tenant_apps.village.selectors import profile_get, staff_count


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
