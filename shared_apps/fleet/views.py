from django.shortcuts import render

from shared_apps.fleet.selectors import fleet_run_latest, fleet_run_status
from shared_apps.ops.guard import ops_permission_required


@ops_permission_required("fleet.view")
def fleet_status_page(request):
    """The latest fleet run for platform staff; the page refreshes itself while it runs."""
    run = fleet_run_latest()
    return render(request, "fleet/status.html", {"status": fleet_run_status(run) if run else None})
