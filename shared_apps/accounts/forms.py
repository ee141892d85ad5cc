from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.selectors import may_sign_in
from shared_apps.accounts.throttle import sign_in_blocked, sign_in_failed, sign_in_succeeded


class TenantAuthenticationForm(forms.Form):
    """Sign-in on one tenant's host. Wrong password, unknown user and a user of
    another village all get the same message."""

    username = forms.CharField(label=_("Email atau nama pengguna"), max_length=254,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("Kata sandi"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {
        "invalid_login": _("Email/nama pengguna atau kata sandi salah."),
        "throttled": _("Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam 15 menit."),
    }

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username and password:
            if sign_in_blocked(self.request, username):
                raise forms.ValidationError(self.error_messages["throttled"], code="throttled")
            user = authenticate(self.request, username=username.strip().lower(), password=password)
            if user is None or not may_sign_in(user=user, tenant=self.request.tenant):
                sign_in_failed(self.request, username)
                raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
            sign_in_succeeded(self.request, username)
            self.user = user
        return self.cleaned_data
