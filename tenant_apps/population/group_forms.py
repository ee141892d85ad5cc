"""Forms of the group (kelompok) pages; group_services checks the rules."""
from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.population.models import GroupMembership
from tenant_apps.population.wilayah_forms import ResidentPickForm


class GroupFilterForm(forms.Form):
    search = forms.CharField(label=_("Cari nama kelompok"), required=False)
    category = forms.ChoiceField(label=_("Kategori"), required=False)

    def __init__(self, *args, categories: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("Semua kategori"))] + [(name, name) for name in categories]


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Nama kelompok"), max_length=100, error_messages={"required": _("Isi nama kelompok.")})
    category = forms.CharField(label=_("Kategori"), max_length=60, required=False,
                               help_text=_("Mis. Kelompok Tani, PKK, Karang Taruna."))
    description = forms.CharField(label=_("Keterangan"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class GroupMemberAddForm(ResidentPickForm):
    role = forms.ChoiceField(label=_("Jabatan"), choices=GroupMembership.Role.choices, initial=GroupMembership.Role.ANGGOTA)


class GroupRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Jabatan"), choices=GroupMembership.Role.choices)
