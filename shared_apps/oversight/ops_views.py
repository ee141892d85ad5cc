"""The ops console's page for the regional rollups: refresh on demand and follow it."""
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from shared_apps.ops.guard import OpsPermissionMixin
from shared_apps.oversight.models import RollupRun
from shared_apps.oversight.selectors import rollup_run_progress
from shared_apps.oversight.services import rollup_refresh_request


class RollupRunsView(OpsPermissionMixin, View):
    required = {"GET": "rollups.view", "POST": "rollups.refresh"}

    def get(self, request):
        runs = RollupRun.objects.select_related("requested_by").order_by("-created_at")[:20]
        return render(request, "oversight/ops_runs.html", {"runs": runs})

    def post(self, request):
        run = rollup_refresh_request(actor=request.user, everything=request.POST.get("everything") == "1")
        messages.success(request, _("Penyegaran dimulai."))
        return redirect("oversight-ops:run", pk=run.pk)


class RollupRunView(OpsPermissionMixin, View):
    required = {"GET": "rollups.view"}

    def get(self, request, pk):
        progress = rollup_run_progress(pk)
        if progress is None:
            raise Http404
        running = progress["status"] in (RollupRun.Status.QUEUED, RollupRun.Status.RUNNING)
        percent = round(100 * progress["done"] / progress["total"]) if progress["total"] else 0
        return render(request, "oversight/ops_run.html", {
            "run": progress, "status": RollupRun.Status(progress["status"]).label, "running": running, "percent": percent})
