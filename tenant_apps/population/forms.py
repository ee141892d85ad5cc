from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.population import codes
from tenant_apps.population.models import Resident
from tenant_apps.population.resident_rules import RESIDENT_FIELDS

# The form shows the fields people fill in at the office, in OpenSID's order.
FORM_SECTIONS = [
    (_("Identitas"), ["nik", "name", "sex", "birth_place", "birth_date", "birth_time", "birth_weight_grams"]),
    (_("Keluarga dan alamat"), ["family", "family_relationship", "rt", "address", "current_address",
                                "father_nik", "father_name", "mother_nik", "mother_name"]),
    (_("Data diri"), ["religion", "marital_status", "education_kk", "education_current", "occupation", "citizenship",
                      "ethnicity", "blood_type", "disability", "chronic_illness", "contraception", "pregnancy",
                      "insurance", "insurance_no"]),
    (_("Dokumen"), ["birth_certificate_no", "marriage_certificate_no", "marriage_date", "divorce_certificate_no",
                    "divorce_date", "ktp_el", "ktp_recording_status", "passport_no", "passport_expiry", "kitas_no"]),
    (_("Status dan kontak"), ["resident_status", "basic_status", "phone", "email", "tag_id_card"]),
]


class ResidentForm(forms.ModelForm):
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False,
                          help_text=_("Kosongkan bila belum punya NIK: Balai memberi nomor sementara."))

    class Meta:
        model = Resident
        fields = [name for _title, names in FORM_SECTIONS for name in names]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "birth_time": forms.TimeInput(attrs={"type": "time"}),
            "marriage_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "divorce_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "passport_expiry": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Deaths, moves and the like are recorded as events, not edited here.
            self.fields["basic_status"].disabled = True

    def validate_unique(self):
        pass  # the service checks the NIK, with the message people need

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in FORM_SECTIONS]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in RESIDENT_FIELDS}


class ResidentFilterForm(forms.Form):
    search = forms.CharField(label=_("Cari nama, NIK atau No. KK"), required=False)
    sex = forms.TypedChoiceField(label=_("Jenis kelamin"), choices=[("", _("Semua"))] + codes.Sex.choices,
                                 coerce=int, required=False, empty_value=None)
    basic_status = forms.TypedChoiceField(label=_("Status dasar"), choices=[("", _("Semua"))] + codes.BasicStatus.choices,
                                          coerce=int, required=False, empty_value=None)
    age_min = forms.IntegerField(label=_("Umur dari"), min_value=0, max_value=150, required=False)
    age_max = forms.IntegerField(label=_("sampai"), min_value=0, max_value=150, required=False)


class ExitEventForm(forms.Form):
    """Death, move out, missing or leave, for one resident."""

    kind = forms.TypedChoiceField(label=_("Peristiwa"), coerce=int, choices=[
        (codes.PopulationEvent.MATI, codes.PopulationEvent.MATI.label),
        (codes.PopulationEvent.PINDAH_KELUAR, codes.PopulationEvent.PINDAH_KELUAR.label),
        (codes.PopulationEvent.HILANG, codes.PopulationEvent.HILANG.label),
        (codes.PopulationEvent.PERGI, codes.PopulationEvent.PERGI.label),
    ])
    occurred_on = forms.DateField(label=_("Tanggal peristiwa"), widget=forms.DateInput(attrs={"type": "date"}))
    cause = forms.TypedChoiceField(label=_("Penyebab kematian"), coerce=int, required=False, empty_value=None,
                                   choices=[("", "–")] + codes.CauseOfDeath.choices)
    place = forms.CharField(label=_("Tempat meninggal"), max_length=100, required=False)
    move_level = forms.TypedChoiceField(label=_("Tingkat kepindahan"), coerce=int, required=False, empty_value=None,
                                        choices=[("", "–")] + codes.MoveLevel.choices)
    destination = forms.CharField(label=_("Alamat tujuan"), max_length=255, required=False)

    def details(self) -> dict:
        keys = ("cause", "place", "move_level", "destination")
        return {key: self.cleaned_data[key] for key in keys if self.cleaned_data.get(key) not in (None, "")}


class UndoEventForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), max_length=500)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas Excel OpenSID (.xlsx)"))
