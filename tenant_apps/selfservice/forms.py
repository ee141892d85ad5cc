from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.letters.models import LetterType, Official
from tenant_apps.selfservice.selectors import required_documents

OTHER_DOCUMENT = _("Dokumen lain")
ACCEPT = "image/jpeg,image/png,application/pdf"


class SignInForm(forms.Form):
    nik = forms.RegexField(label=_("NIK"), regex=r"^\d{16}$", error_messages={"invalid": _("NIK terdiri dari 16 angka.")},
                           widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username",
                                                         "autofocus": True}))
    pin = forms.CharField(label=_("PIN"), max_length=6, strip=False,
                          widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "current-password"}))


class PinChangeForm(forms.Form):
    current_pin = forms.CharField(label=_("PIN lama"), max_length=6, widget=forms.PasswordInput)
    new_pin = forms.CharField(label=_("PIN baru (6 angka)"), max_length=6, widget=forms.PasswordInput)
    new_pin_again = forms.CharField(label=_("Ulangi PIN baru"), max_length=6, widget=forms.PasswordInput)

    def clean(self):
        data = super().clean()
        if data.get("new_pin") and data.get("new_pin") != data.get("new_pin_again"):
            self.add_error("new_pin_again", _("PIN baru tidak sama."))
        return data


def _document_field(label, required: bool) -> forms.FileField:
    return forms.FileField(label=label, required=required, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
                           help_text=_("JPG, PNG atau PDF, maks. 2 MB."))


class RequestForm(forms.Form):
    """A resident's request: the type's own fields and the documents."""

    def __init__(self, *args, letter_type: LetterType, **kwargs):
        super().__init__(*args, **kwargs)
        self.letter_type = letter_type
        for field in letter_type.form_fields:
            kind = {"number": forms.IntegerField(min_value=0),
                    "date": forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))}.get(
                field["type"], forms.CharField(max_length=500))
            kind.label, kind.required = field["label"], field["required"]
            self.fields[f"form_{field['name']}"] = kind
        self.required_labels = required_documents(letter_type)
        for index, label in enumerate(self.required_labels):
            self.fields[f"document_{index}"] = _document_field(label, True)
        self.fields["document_other"] = _document_field(OTHER_DOCUMENT, False)

    def letter_fields(self) -> dict:
        values = {}
        for field in self.letter_type.form_fields:
            value = self.cleaned_data.get(f"form_{field['name']}")
            values[field["name"]] = value.isoformat() if hasattr(value, "isoformat") else ("" if value is None else str(value))
        return values

    def documents(self) -> list[tuple[str, object]]:
        labels = {f"document_{index}": label for index, label in enumerate(self.required_labels)}
        labels["document_other"] = str(OTHER_DOCUMENT)
        return [(label, self.cleaned_data[name]) for name, label in labels.items() if self.cleaned_data.get(name)]


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("Keterangan untuk petugas"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    document = _document_field(_("Dokumen tambahan"), False)


class PinResetForm(forms.Form):
    nik = forms.RegexField(label=_("NIK penduduk"), regex=r"^\d{16}$",
                           error_messages={"invalid": _("NIK terdiri dari 16 angka.")})


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Catatan untuk warga"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


class IssueForm(forms.Form):
    official = forms.ModelChoiceField(Official.objects.filter(active=True), label=_("Penanda tangan"), empty_label=None)


class RequiredDocumentsForm(forms.Form):
    labels = forms.CharField(label=_("Dokumen wajib (pisahkan dengan koma)"), max_length=400, required=False)

    def label_list(self) -> list[str]:
        return [label for label in self.cleaned_data["labels"].split(",") if label.strip()]
