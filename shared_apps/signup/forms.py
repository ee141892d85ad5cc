"""Signup forms: field presence and the password typed twice. Everything else is
checked by the services, whose field errors land on these fields."""
from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.roles import Role
from shared_apps.billing.selectors import plan_list_for_signup


class _PasswordKeptForm(forms.Form):
    """Passwords are typed twice and kept on a re-shown form, unless they were the problem."""

    password = forms.CharField(label=_("Kata sandi"), strip=False, widget=forms.PasswordInput(
        render_value=True, attrs={"autocomplete": "new-password"}),
        help_text=_("Minimal 10 karakter; jangan hanya angka, jangan mirip email atau nama Anda."))
    password_again = forms.CharField(label=_("Ulangi kata sandi"), strip=False, widget=forms.PasswordInput(
        render_value=True, attrs={"autocomplete": "new-password"}))

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("Kedua kata sandi tidak sama. Ketik ulang keduanya."))
        return data

    def forget_rejected_passwords(self) -> None:
        if "password" in self.errors or "password_again" in self.errors:
            for name in ("password", "password_again"):
                self.fields[name].widget.render_value = False


class SignupForm(_PasswordKeptForm):
    slug = forms.CharField(label=_("Subdomain"), max_length=40, widget=forms.TextInput(
        attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}))
    operator_name = forms.CharField(label=_("Nama lengkap operator"), max_length=150,
                                    widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.CharField(label=_("Email"), max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Nomor telepon/WhatsApp"), max_length=30,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    # Checked against the offered plans by the service (signup_validate).
    plan_code = forms.CharField(label=_("Paket"), max_length=40, required=False)

    field_order = ["slug", "operator_name", "email", "phone", "password", "password_again", "plan_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plans = list(plan_list_for_signup())
        self.plans = plans
        if plans and not self.is_bound:
            self.initial.setdefault("plan_code", plans[0].code)


class AccessRequestForm(_PasswordKeptForm):
    name = forms.CharField(label=_("Nama lengkap"), max_length=150,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.CharField(label=_("Email"), max_length=254,
                            widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(label=_("Nomor telepon/WhatsApp"), max_length=30,
                            widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    message = forms.CharField(label=_("Pesan untuk operator (jabatan Anda di desa, misalnya)"), required=False,
                              max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    field_order = ["name", "email", "phone", "message", "password", "password_again"]


class SlugForm(forms.Form):
    slug = forms.CharField(label=_("Subdomain baru"), max_length=40)


class DecisionForm(forms.Form):
    role = forms.ChoiceField(label=_("Peran"), choices=Role.choices, initial=Role.VIEWER)
    decision = forms.ChoiceField(choices=[("approve", _("Setujui")), ("decline", _("Tolak"))])
