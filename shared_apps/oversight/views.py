"""The regional dashboard at ``/wilayah/`` on the control plane (officials only)."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views import View

from shared_apps.oversight import charts
from shared_apps.oversight.export import export_csv, export_xlsx, summary_tables
from shared_apps.oversight.selectors import CATEGORY_TABLES, access_region, official_of, region_summary
from shared_apps.oversight.services import region_export_record

EXPORTS = {
    "csv": ("text/csv; charset=utf-8", export_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export_xlsx),
}


class OfficialView(LoginRequiredMixin, View):
    """Signed in, and an official; ``self.official`` is theirs. Others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.official = official_of(request.user)
        if self.official is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HomeView(OfficialView):
    def get(self, request):
        return redirect("oversight:region", code=self.official.region.code)


class RegionView(OfficialView):
    def get(self, request, code):
        region = access_region(official=self.official, code=code)
        summary = region_summary(region, official=self.official)
        tables = {table.key: table for table in summary_tables(summary)}
        return render(request, "oversight/region.html", {
            "summary": summary, "refreshed": parse_datetime(summary["refreshed_at"] or ""),
            "pyramid": charts.pyramid(summary["population"]["by_age_band"]),
            "events_chart": charts.events_columns(summary["events"]),
            "services": [
                {"table": tables["letters"], "chart": charts.month_columns(summary["letters"]["months"], "total"),
                 "chart_label": _("Surat terbit per bulan"), "empty": not summary["letters"]["types"]},
                {"table": tables["requests"], "chart_label": _("Rata-rata lama layanan per bulan (jam)"),
                 "chart": charts.month_columns(summary["requests"]["months"], "average_hours"),
                 "note": _("Lama layanan: dari permohonan masuk sampai surat siap diambil, menurut bulan surat siap. "
                           "Rata-rata hanya ditampilkan bila dihitung dari 5 permohonan atau lebih.")},
                {"table": tables["complaints"], "chart_label": _("Pengaduan masuk per bulan"),
                 "chart": charts.month_columns(summary["complaints"]["months"], "received"),
                 "note": _("Lama penyelesaian: dari pengaduan masuk sampai tanggapan terakhir yang menyelesaikannya, "
                           "menurut bulan selesai. Rata-rata hanya ditampilkan bila dihitung dari 5 pengaduan atau "
                           "lebih.")},
            ],
            "categories": [{"table": tables[key], "bars": charts.bars(summary[key])} for key in CATEGORY_TABLES],
            "plain_tables": [tables[key] for key in ("age", "events", "quality")],
        })


class RegionExportView(OfficialView):
    def get(self, request, code, file_format):
        region = access_region(official=self.official, code=code)
        content_type, render_file = EXPORTS[file_format]
        content = render_file(region_summary(region, official=self.official))
        region_export_record(official=self.official, region_code=region.code, file_format=file_format)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="wilayah-{region.code}.{file_format}"'
        return response
