from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import render

from shared_apps.fleet.selectors import fleet_run_latest, fleet_run_status


@staff_member_required(login_url="accounts:login")
def fleet_status_page(request):
    """The latest fleet run for platform staff; the page refreshes itself while it runs."""
    run = fleet_run_latest()
    return render(request, "fleet/status.html", {"status": fleet_run_status(run) if run else None})
