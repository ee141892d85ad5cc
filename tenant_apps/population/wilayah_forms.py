"""Forms of the wilayah pages, and the resident picker every registry page uses."""
from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.population import codes
from tenant_apps.population.models import Resident, Rt
from tenant_apps.population.wilayah_selectors import area_choices

LABELS = {"dusun": _("Nama dusun"), "rw": _("Nomor RW"), "rt": _("Nomor RT")}


class UnitLabelForm(forms.Form):
    """A dusun's name or an RW's/RT's number (the services check it)."""

    label = forms.CharField(max_length=60, error_messages={"required": _("Isi nama atau nomornya.")})

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].label = LABELS[kind]


class ResidentPickForm(forms.Form):
    """A living resident chosen from the search results (radio buttons named
    ``resident``), never from a list of the whole village."""

    resident = forms.ModelChoiceField(
        queryset=Resident.objects.filter(basic_status=codes.BasicStatus.HIDUP), widget=forms.HiddenInput,
        error_messages={"required": _("Cari lalu pilih seorang penduduk dari hasil pencarian."),
                        "invalid_choice": _("Penduduk itu tidak ada atau sudah tidak berstatus hidup.")})


class AreaField(forms.ChoiceField):
    """Dusun, RW or RT in one select; ``wilayah_selectors.area_filter`` reads the value."""

    def __init__(self, **kwargs):
        super().__init__(label=_("Wilayah"), required=False, **kwargs)
        self.choices = [("", _("Semua wilayah"))] + area_choices()


class RtField(forms.ModelChoiceField):
    def __init__(self, *, required=True, **kwargs):
        super().__init__(queryset=Rt.objects.select_related("rw__dusun"), label=_("RT"), required=required,
                         empty_label="–", error_messages={
                             "required": _("Pilih RT."), "invalid_choice": _("RT itu tidak ada (mungkin baru dihapus).")},
                         **kwargs)
