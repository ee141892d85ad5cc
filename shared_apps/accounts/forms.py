from django import forms
from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.selectors import may_sign_in


class TenantAuthenticationForm(forms.Form):
    """Sign-in on one tenant's host. Wrong password, unknown user and a user of
    another village all get the same message."""

    username = forms.CharField(label=_("Email atau nama pengguna"), max_length=254,
                               widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}))
    password = forms.CharField(label=_("Kata sandi"), strip=False,
                               widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    error_messages = {"invalid_login": _("Email/nama pengguna atau kata sandi salah.")}

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if username and password:
            user = authenticate(self.request, username=username.strip().lower(), password=password)
            if user is None or not may_sign_in(user=user, tenant=self.request.tenant):
                raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
            self.user = user
        return self.cleaned_data
