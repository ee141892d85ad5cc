"""Forms of the family (KK) and household (rumah tangga) pages. The services
check the rules; the forms parse what was typed."""
from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.population import codes
from tenant_apps.population.models import Family
from tenant_apps.population.wilayah_forms import AreaField, ResidentPickForm, RtField

Rel = codes.FamilyRelationship
# Every relationship but head: the head changes with "Ganti kepala keluarga".
MEMBER_RELATIONSHIPS = [(code, label) for code, label in Rel.choices if code != Rel.KEPALA_KELUARGA]


class FamilyFilterForm(forms.Form):
    search = forms.CharField(label=_("Cari No. KK atau nama kepala keluarga"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = AreaField()


class FamilyCreateForm(forms.Form):
    no_kk = forms.CharField(label=_("Nomor KK"), max_length=16, help_text=_("16 angka."),
                            error_messages={"required": _("Isi nomor KK."),
                                            "max_length": _("Nomor KK harus 16 angka.")})
    address = forms.CharField(label=_("Alamat"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rt"] = RtField(required=False)
        self.order_fields(["no_kk", "rt", "address"])


class FamilyMemberAddForm(ResidentPickForm):
    # No default: a wrong relationship would go unnoticed on the KK.
    relationship = forms.TypedChoiceField(label=_("Hubungan dalam keluarga"), coerce=int,
                                          choices=[("", _("Pilih…"))] + Rel.choices,
                                          error_messages={"required": _("Pilih hubungan dalam keluarga.")})


class FamilyRelationshipForm(forms.Form):
    relationship = forms.TypedChoiceField(label=_("Hubungan dalam keluarga"), coerce=int,
                                          choices=MEMBER_RELATIONSHIPS)


class FamilySetHeadForm(forms.Form):
    former_head_relationship = forms.TypedChoiceField(
        label=_("Hubungan baru kepala keluarga lama"), coerce=int, choices=MEMBER_RELATIONSHIPS, initial=Rel.LAINNYA)

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"] = forms.ModelChoiceField(
            label=_("Kepala keluarga baru"), queryset=_living_members(family).exclude(pk=family.head_id),
            empty_label=_("Pilih anggota…"),
            error_messages={"required": _("Pilih kepala keluarga baru."),
                            "invalid_choice": _("Pilih anggota KK ini yang masih hidup.")})
        self.fields["head"].label_from_instance = _member_label
        self.order_fields(["head", "former_head_relationship"])


class FamilySplitForm(forms.Form):
    no_kk = forms.CharField(label=_("Nomor KK baru"), max_length=16, help_text=_("16 angka."),
                            error_messages={"required": _("Isi nomor KK baru."),
                                            "max_length": _("Nomor KK harus 16 angka.")})

    def __init__(self, *args, family: Family, **kwargs):
        super().__init__(*args, **kwargs)
        movable = _living_members(family).exclude(pk=family.head_id)
        self.fields["members"] = forms.ModelMultipleChoiceField(
            label=_("Anggota yang pindah ke KK baru"), queryset=movable, widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Pilih anggota yang pindah."),
                            "invalid_choice": _("Pilih anggota KK ini yang masih hidup.")})
        self.fields["head"] = forms.ModelChoiceField(
            label=_("Kepala KK baru"), queryset=movable, widget=forms.RadioSelect, empty_label=None,
            error_messages={"required": _("Pilih kepala KK baru dari anggota yang pindah."),
                            "invalid_choice": _("Pilih anggota KK ini yang masih hidup.")})
        for name in ("members", "head"):
            self.fields[name].label_from_instance = _member_label


class FamilyMoveForm(forms.Form):
    address = forms.CharField(label=_("Alamat baru"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rt"] = RtField()
        self.order_fields(["rt", "address"])


def _member_label(resident) -> str:
    return f"{resident.name} ({resident.get_family_relationship_display() or '–'})"


def _living_members(family: Family):
    return family.members.filter(basic_status=codes.BasicStatus.HIDUP).order_by("family_relationship", "birth_date")


class HouseholdFilterForm(forms.Form):
    search = forms.CharField(label=_("Cari nomor atau nama kepala rumah tangga"), required=False)


class HouseholdCreateForm(ResidentPickForm):
    number = forms.CharField(label=_("Nomor rumah tangga"), max_length=30,
                             error_messages={"required": _("Isi nomor rumah tangga.")})


class HouseholdSetHeadForm(forms.Form):
    def __init__(self, *args, household, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["head"] = forms.ModelChoiceField(
            label=_("Kepala rumah tangga baru"), empty_label=_("Pilih anggota…"),
            queryset=household.members.filter(basic_status=codes.BasicStatus.HIDUP).exclude(pk=household.head_id),
            error_messages={"required": _("Pilih kepala rumah tangga baru."),
                            "invalid_choice": _("Pilih anggota rumah tangga ini yang masih hidup.")})
