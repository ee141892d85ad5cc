from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.complaints.models import Complaint


class ComplaintForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=100)
    contact = forms.CharField(label=_("Telepon atau email"), max_length=100)
    text = forms.CharField(label=_("Isi pengaduan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}))
    photo = forms.FileField(label=_("Foto (boleh dikosongkan)"), required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}),
                            help_text=_("JPG atau PNG, maks. 2 MB."))
    # Honeypot: hidden from people, filled in by bots.
    website = forms.CharField(required=False, label=_("Jangan diisi"),
                              widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))


class ReplyForm(forms.Form):
    text = forms.CharField(label=_("Tanggapan"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    status = forms.ChoiceField(label=_("Status"), choices=Complaint.Status.choices, initial=Complaint.Status.IN_PROGRESS)
