from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.letters.models import LetterSettings, LetterType, Official
from tenant_apps.population.models import Resident

# A non-resident's data, when the letter type allows one.
SUBJECT_FIELDS = [("nama", _("Nama")), ("nik", _("NIK")), ("tempatlahir", _("Tempat lahir")),
                  ("tanggallahir", _("Tanggal lahir")), ("jenis_kelamin", _("Jenis kelamin")),
                  ("pekerjaan", _("Pekerjaan")), ("alamat", _("Alamat"))]


class IssueForm(forms.Form):
    """Issue a letter of one type: whom it is for, who signs, the type's own fields."""

    resident_nik = forms.CharField(label=_("NIK penduduk"), max_length=16, required=False)
    official = forms.ModelChoiceField(Official.objects.filter(active=True), label=_("Penanda tangan"),
                                      empty_label=None)

    def __init__(self, *args, letter_type: LetterType, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter_type = letter_type
        if not letter_type.needs_resident:
            self.fields["resident_nik"].help_text = _("Kosongkan untuk orang yang bukan penduduk, lalu isi datanya.")
            for name, label in SUBJECT_FIELDS:
                self.fields[f"subject_{name}"] = forms.CharField(label=label, max_length=255, required=False)
        else:
            self.fields["resident_nik"].required = True
        for field in letter_type.form_fields:
            kind = {"number": forms.IntegerField(min_value=0),
                    "date": forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))}.get(
                field["type"], forms.CharField(max_length=500))
            kind.label, kind.required = field["label"], field["required"]
            self.fields[f"form_{field['name']}"] = kind

    def clean_resident_nik(self):
        nik = self.cleaned_data["resident_nik"].strip()
        if not nik:
            return None
        # The living resident with that NIK; else the newest record (a letter of death or move).
        resident = (Resident.objects.filter(nik=nik).order_by("basic_status", "-pk").first())
        if resident is None:
            raise forms.ValidationError(_("Tidak ada penduduk dengan NIK ini di desa ini."))
        return resident

    def letter_fields(self) -> dict:
        values = {}
        for field in self.letter_type.form_fields:
            value = self.cleaned_data.get(f"form_{field['name']}")
            values[field["name"]] = value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
        return values

    def subject(self) -> dict:
        return {name: self.cleaned_data.get(f"subject_{name}", "") for name, _label in SUBJECT_FIELDS
                if self.cleaned_data.get(f"subject_{name}")}


class LetterTypeForm(forms.Form):
    code = forms.CharField(label=_("Kode surat"), max_length=10)
    name = forms.CharField(label=_("Nama jenis surat"), max_length=120)
    paper = forms.ChoiceField(label=_("Ukuran kertas"), choices=LetterType.Paper.choices)
    needs_resident = forms.BooleanField(label=_("Hanya untuk penduduk terdaftar"), required=False)
    active = forms.BooleanField(label=_("Aktif"), required=False)
    form_fields = forms.JSONField(label=_("Isian tambahan (JSON)"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 6}),
                                  help_text=_('Contoh: [{"name": "keperluan", "label": "Keperluan", "type": "text", '
                                              '"required": true}]; jenis: text, number, date.'))
    template = forms.CharField(label=_("Templat (HTML)"), widget=forms.Textarea(attrs={"rows": 24}))


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Alasan pencabutan"), max_length=500)


class SettingsForm(forms.ModelForm):
    class Meta:
        model = LetterSettings
        fields = ["number_format", "sequence", "verification_required"]


class OfficialForm(forms.ModelForm):
    class Meta:
        model = Official
        fields = ["name", "position", "nip", "on_behalf_of", "active"]


class ImportTypesForm(forms.Form):
    file = forms.FileField(label=_("Berkas JSON jenis surat"))
