from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from django_otp import match_token

from shared_apps.accounts.throttle import sign_in_blocked, sign_in_failed, sign_in_succeeded
from tenants.models import Village


class OpsSignInForm(forms.Form):
    """Password and the authenticator's six-digit code, in one step. Any wrong
    part gets the same message, so the form does not tell which one failed."""

    email = forms.EmailField(label=_("Email"), max_length=254,
                             widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("Kata sandi"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    code = forms.RegexField(label=_("Kode autentikator (6 angka)"), regex=r"^\s*\d{6}\s*$",
                            error_messages={"invalid": _("Kode terdiri dari 6 angka.")},
                            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}))
    error_messages = {
        "invalid_login": _("Email, kata sandi atau kode autentikator salah."),
        "throttled": _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit."),
    }

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        self.device = None
        super().__init__(*args, **kwargs)

    def clean(self):
        email, password, code = (self.cleaned_data.get(k) for k in ("email", "password", "code"))
        if email and password and code:
            if sign_in_blocked(self.request, email):
                raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
            user = authenticate(self.request, username=email.strip().lower(), password=password)
            # match_token throttles each device after failures (django-otp).
            device = match_token(user, code.strip()) if user is not None and user.platform_role else None
            if device is None:
                sign_in_failed(self.request, email)
                raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
            sign_in_succeeded(self.request, email)
            self.user, self.device = user, device
        return self.cleaned_data


class VillageFilterForm(forms.Form):
    """The village list's search box and filters (GET); choices come from the data."""

    q = forms.CharField(label=_("Cari nama, kode atau subdomain"), required=False, max_length=100)
    region = forms.RegexField(label=_("Kode wilayah (provinsi, kabupaten/kota atau kecamatan)"), required=False,
                              regex=r"^\d{2}(\.\d{2}){0,2}$", max_length=8,
                              error_messages={"invalid": _("Kode wilayah seperti 52, 52.01 atau 52.01.14.")},
                              widget=forms.TextInput(attrs={"list": "region-options", "inputmode": "decimal"}))
    status = forms.ChoiceField(label=_("Status"), required=False)
    plan = forms.ChoiceField(label=_("Paket"), required=False)
    version = forms.ChoiceField(label=_("Versi"), required=False)
    activity = forms.ChoiceField(label=_("Aktivitas terakhir"), required=False, choices=[
        ("", _("Semua")), ("active7", _("Masuk dalam 7 hari")), ("active30", _("Masuk dalam 30 hari")),
        ("idle30", _("Tidak aktif ≥ 30 hari")), ("idle90", _("Tidak aktif ≥ 90 hari")),
        ("never", _("Belum pernah masuk")),
    ])

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Semua"))]
        self.fields["status"].choices = everything + list(Village.Status.choices)
        self.fields["plan"].choices = everything + [(p, p) for p in choices["plans"]]
        self.fields["version"].choices = everything + [(v, v) for v in choices["versions"]]


class LifecycleForm(forms.Form):
    action = forms.ChoiceField(choices=[("suspend", _("Tangguhkan")), ("resume", _("Aktifkan kembali")),
                                        ("archive", _("Arsipkan"))])
    reason = forms.CharField(label=_("Alasan"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Alasan wajib diisi.")})


class SupportStartForm(forms.Form):
    role = forms.ChoiceField(label=_("Bertindak sebagai"))
    minutes = forms.IntegerField(label=_("Durasi (menit)"), min_value=1, max_value=60, initial=30)
    reason = forms.CharField(label=_("Alasan (mis. nomor tiket dukungan)"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Alasan wajib diisi.")})

    def __init__(self, *args, **kwargs):
        from shared_apps.accounts.roles import Role

        super().__init__(*args, **kwargs)
        self.fields["role"].choices = Role.choices


class AuditFilterForm(forms.Form):
    actor = forms.CharField(label=_("Pelaku (email)"), required=False, max_length=254)
    action = forms.CharField(label=_("Tindakan"), required=False, max_length=60,
                             widget=forms.TextInput(attrs={"list": "audit-actions"}))
    village = forms.CharField(label=_("Desa (kode, subdomain atau nama)"), required=False, max_length=100)
    since = forms.DateField(label=_("Dari tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Sampai tanggal"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("Tanggal awal harus sebelum tanggal akhir."))
        return data
