from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from shared_apps.accounts.permissions import VillagePermissionMixin
from tenant_apps.village.exports import (
    data_export_downloadable, data_export_open, data_export_progress, data_export_request,
)
from tenant_apps.village.models import DataExport


class DataExportView(VillagePermissionMixin, View):
    """Ask for an archive of all the village's data and see the recent ones."""

    required = {"GET": "village.export", "POST": "village.export"}

    def get(self, request):
        exports = list(DataExport.objects.order_by("-created_at")[:10])
        for export in exports:
            export.progress = data_export_progress(export)
            export.downloadable = data_export_downloadable(export)
        busy = any(e.status in (DataExport.Status.PENDING, DataExport.Status.RUNNING) for e in exports)
        return render(request, "village/data_export.html", {"exports": exports, "busy": busy})

    def post(self, request):
        try:
            data_export_request(actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Ekspor diminta; halaman ini menampilkan kemajuannya."))
        return redirect("village:data-export")


class DataExportDownloadView(VillagePermissionMixin, View):
    required = {"GET": "village.export"}

    def get(self, request, pk):
        export = get_object_or_404(DataExport, pk=pk)
        file = data_export_open(actor=request.user, export=export)
        if file is None:
            raise Http404(_("Arsip ini sudah tidak tersedia."))
        stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
        name = f"balai-{request.tenant.slug}-{stamp}.zip"
        return FileResponse(file, as_attachment=True, filename=name, content_type="application/zip")
