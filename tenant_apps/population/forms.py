from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.population import codes
from tenant_apps.population.models import Family, Resident
from tenant_apps.population.resident_rules import RESIDENT_FIELDS
from tenant_apps.population.wilayah_forms import AreaField, RtField
from tenant_apps.population.wilayah_selectors import area_filter

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


class FamilyNumberField(forms.CharField):
    """A family chosen by its No. KK: a village has thousands, too many for a list."""

    def __init__(self, **kwargs):
        super().__init__(max_length=16, required=False, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):  # a model form's initial value is the family's id
            return Family.objects.filter(pk=value).values_list("no_kk", flat=True).first() or ""
        return value.no_kk if isinstance(value, Family) else value

    def clean(self, value):
        number = super().clean(value).strip()
        if not number:
            return None
        family = Family.objects.filter(no_kk=number).first()
        if family is None:
            raise forms.ValidationError(_("Belum ada KK dengan nomor ini di desa ini."))
        return family


class ResidentForm(forms.ModelForm):
    nik = forms.CharField(label=_("NIK"), max_length=16, required=False,
                          help_text=_("Kosongkan bila belum punya NIK: Balai memberi nomor sementara."))
    family = FamilyNumberField(label=_("No. KK"), help_text=_("Nomor KK yang sudah terdaftar di desa ini."))
    rt = RtField(required=False)

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
        return [(title, [self[name] for name in names if name in self.fields]) for title, names in FORM_SECTIONS]

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in RESIDENT_FIELDS}


class AreaFilterForm(forms.Form):
    """Narrow a list or a statistic to one dusun, RW or RT (one select)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = AreaField()  # the village's units, read per request

    def arguments(self) -> dict:
        """The chosen filters as keyword arguments of the selectors."""
        if not self.is_valid():
            return {}
        values = {key: value for key, value in self.cleaned_data.items() if key != "area" and value not in (None, "")}
        return {**values, **area_filter(self.cleaned_data.get("area") or "")}


class ResidentFilterForm(AreaFilterForm):
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


class BirthForm(forms.Form):
    """A birth: the newborn's own data; the rest comes from the mother unless given."""

    name = forms.CharField(label=_("Nama bayi"), max_length=100)
    sex = forms.TypedChoiceField(label=_("Jenis kelamin"), coerce=int, choices=codes.Sex.choices)
    occurred_on = forms.DateField(label=_("Tanggal lahir"), widget=forms.DateInput(attrs={"type": "date"}))
    birth_time = forms.TimeField(label=_("Waktu lahir"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    birth_place = forms.CharField(label=_("Tempat lahir"), max_length=100, required=False)
    birth_weight_grams = forms.IntegerField(label=_("Berat lahir (gram)"), min_value=300, max_value=8000,
                                            required=False)
    mother_nik = forms.CharField(label=_("NIK ibu"), max_length=16, required=False,
                                 help_text=_("Ibu yang terdaftar di desa ini: keluarga, alamat dan agama bayi "
                                             "diambil dari data ibu."))
    mother_name = forms.CharField(label=_("Nama ibu (bila tidak terdaftar di desa ini)"), max_length=100,
                                  required=False)
    father_nik = forms.CharField(label=_("NIK ayah"), max_length=16, required=False)
    father_name = forms.CharField(label=_("Nama ayah"), max_length=100, required=False)
    religion = forms.TypedChoiceField(label=_("Agama"), coerce=int, required=False, empty_value=None,
                                      choices=[("", _("Sama dengan ibu"))] + codes.Religion.choices)
    birth_certificate_no = forms.CharField(label=_("Nomor akta kelahiran"), max_length=40, required=False)
    nik = forms.CharField(label=_("NIK bayi"), max_length=16, required=False,
                          help_text=_("Kosongkan bila belum punya NIK: Balai memberi nomor sementara."))

    def clean_mother_nik(self):
        nik = self.cleaned_data["mother_nik"].strip()
        if not nik:
            return None
        mother = Resident.objects.filter(nik=nik, basic_status=codes.BasicStatus.HIDUP).first()
        if mother is None:
            raise forms.ValidationError(_("Tidak ada penduduk hidup dengan NIK ini di desa ini."))
        return mother

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("mother_nik") and not cleaned.get("mother_name") and "mother_nik" not in self.errors:
            self.add_error("mother_nik", _("Isi NIK ibu yang terdaftar, atau nama ibu bila tidak terdaftar."))
        if cleaned.get("religion") is None and not cleaned.get("mother_nik"):
            self.add_error("religion", _("Pilih agama: ibu tidak terdaftar di desa ini."))
        return cleaned

    def resident_data(self) -> dict:
        data = {key: value for key, value in self.cleaned_data.items() if key not in {"occurred_on", "mother_nik"}}
        return {**data, "mother": self.cleaned_data["mother_nik"]}


class MoveInForm(ResidentForm):
    """A newcomer: the full resident form, and when and from where they came."""

    occurred_on = forms.DateField(label=_("Tanggal datang"), widget=forms.DateInput(attrs={"type": "date"}))
    origin = forms.CharField(label=_("Alamat asal"), max_length=255)

    class Meta(ResidentForm.Meta):
        fields = [name for name in ResidentForm.Meta.fields if name != "basic_status"]

    def sections(self):
        return [(_("Kedatangan"), [self["occurred_on"], self["origin"]]), *super().sections()]


class UndoEventForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pembatalan"), max_length=500)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Berkas Excel OpenSID (.xlsx)"))
