from django import forms
from django.utils.translation import gettext_lazy as _


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Alasan"), max_length=500, strip=True,
                             error_messages={"required": _("Alasan wajib diisi.")})


class ExtendTrialForm(ReasonForm):
    days = forms.IntegerField(label=_("Tambah hari"), min_value=1, max_value=365, error_messages={
        "required": _("Jumlah hari wajib diisi."), "invalid": _("Jumlah hari harus angka."),
        "min_value": _("Perpanjangan harus 1–365 hari."), "max_value": _("Perpanjangan harus 1–365 hari."),
    })
