"""The period a book covers, read from the query string, with a message for every bad value."""
import datetime

from django import forms
from django.utils import dateformat, timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenant_apps.books.book import Period, snapshot_period


class SnapshotForm(forms.Form):
    """A register as it stands today: no choice to make."""

    def period(self) -> Period:
        return snapshot_period(timezone.localdate())


class MonthForm(forms.Form):
    bulan = forms.TypedChoiceField(label=gettext_lazy("Bulan"), coerce=int, choices=list(MONTHS.items()),
                                   error_messages={"invalid_choice": gettext_lazy("Pilih bulan Januari sampai Desember."),
                                                   "required": gettext_lazy("Pilih bulan.")})
    tahun = forms.IntegerField(label=gettext_lazy("Tahun"), min_value=1900, max_value=9999,
                               error_messages={"invalid": gettext_lazy("Tahun ditulis dengan angka, misalnya 2026."),
                                               "required": gettext_lazy("Isi tahun."),
                                               "min_value": gettext_lazy("Tahun paling awal 1900."),
                                               "max_value": gettext_lazy("Tahun ditulis dengan empat angka.")})

    def __init__(self, data=None):
        today = timezone.localdate()
        super().__init__(data if data and ("bulan" in data or "tahun" in data) else None,
                         initial={"bulan": today.month, "tahun": today.year})

    def clean(self):
        data = super().clean()
        if not self.errors and datetime.date(data["tahun"], data["bulan"], 1) > timezone.localdate():
            raise forms.ValidationError(_("Bulan itu belum berjalan; pilih bulan ini atau sebelumnya."))
        return data

    def period(self) -> Period:
        source = self.cleaned_data if self.is_bound else self.initial
        first = datetime.date(source["tahun"], source["bulan"], 1)
        following = datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        label = _("Bulan %(month)s Tahun %(year)s") % {"month": dateformat.format(first, "F"), "year": first.year}
        return Period(first, following - datetime.timedelta(days=1), label)


class RangeForm(forms.Form):
    dari = forms.DateField(label=gettext_lazy("Dari"), widget=forms.DateInput(attrs={"type": "date"}),
                           error_messages={"invalid": gettext_lazy("Tanggal awal tidak terbaca; tulis seperti 2026-01-31.")})
    sampai = forms.DateField(label=gettext_lazy("Sampai"), widget=forms.DateInput(attrs={"type": "date"}),
                             error_messages={"invalid": gettext_lazy("Tanggal akhir tidak terbaca; tulis seperti 2026-01-31.")})

    def __init__(self, data=None):
        today = timezone.localdate()
        super().__init__(data if data and ("dari" in data or "sampai" in data) else None,
                         initial={"dari": today.replace(day=1), "sampai": today})

    def clean(self):
        data = super().clean()
        if not self.errors and data["dari"] > data["sampai"]:
            raise forms.ValidationError(_("Tanggal awal sesudah tanggal akhir."))
        return data

    def period(self) -> Period:
        source = self.cleaned_data if self.is_bound else self.initial
        start, end = source["dari"], source["sampai"]
        label = _("%(start)s s.d. %(end)s") % {"start": dateformat.format(start, "j F Y"),
                                              "end": dateformat.format(end, "j F Y")}
        return Period(start, end, label)


PERIOD_FORMS = {"snapshot": SnapshotForm, "month": MonthForm, "range": RangeForm}
