"""Groups (kelompok: farmers, PKK, youth…) and their members' roles.

A group has at most one ketua, one sekretaris and one bendahara; any number
of anggota. Call inside the village's schema; every write is audited in its
transaction.
"""
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tenant_apps.population import codes
from tenant_apps.population.models import Group, GroupMembership, Resident
from tenant_apps.village.audit import audit_record

Role = GroupMembership.Role
OFFICERS = {Role.KETUA, Role.SEKRETARIS, Role.BENDAHARA}


def _clean_details(name: str, category: str, description: str, *, exclude: Group | None = None) -> dict:
    name, category = " ".join(name.split()), " ".join(category.split())
    errors = {}
    if not name:
        errors["name"] = [_("Isi nama kelompok.")]
    elif len(name) > 100:
        errors["name"] = [_("Nama kelompok paling panjang 100 huruf.")]
    elif Group.objects.filter(name__iexact=name).exclude(pk=getattr(exclude, "pk", None)).exists():
        errors["name"] = [_("Kelompok dengan nama ini sudah ada.")]
    if len(category) > 60:
        errors["category"] = [_("Kategori paling panjang 60 huruf.")]
    if errors:
        raise ValidationError(errors)
    return {"name": name, "category": category, "description": description.strip()}


@transaction.atomic
def group_create(*, actor, name: str, category: str = "", description: str = "") -> Group:
    details = _clean_details(name, category, description)
    try:
        with transaction.atomic():
            group = Group.objects.create(**details)
    except IntegrityError:  # another session took the name a moment ago
        raise ValidationError({"name": [_("Kelompok dengan nama ini sudah ada.")]}) from None
    audit_record(actor=actor, action="group.create", obj=group, changes=details)
    return group


@transaction.atomic
def group_update(*, actor, group: Group, name: str, category: str = "", description: str = "") -> Group:
    details = _clean_details(name, category, description, exclude=group)
    changes = {key: [getattr(group, key), value] for key, value in details.items() if getattr(group, key) != value}
    if changes:
        for key, value in details.items():
            setattr(group, key, value)
        try:
            with transaction.atomic():
                group.save(update_fields=list(details))
        except IntegrityError:
            raise ValidationError({"name": [_("Kelompok dengan nama ini sudah ada.")]}) from None
        audit_record(actor=actor, action="group.update", obj=group, changes=changes)
    return group


def _check_role(group: Group, role: str, *, member: GroupMembership | None = None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": [_("Pilih jabatan: ketua, sekretaris, bendahara atau anggota.")]})
    if role in OFFICERS:
        holder = (GroupMembership.objects.select_related("resident").filter(group=group, role=role)
                  .exclude(pk=getattr(member, "pk", None)).first())
        if holder is not None:
            raise ValidationError({"role": [_(
                "Kelompok ini sudah punya %(role)s (%(name)s); ubah dulu jabatannya.")
                % {"role": Role(role).label.lower(), "name": holder.resident.name}]})


@transaction.atomic
def group_add_member(*, actor, group: Group, resident: Resident, role: str = Role.ANGGOTA) -> GroupMembership:
    Group.objects.select_for_update().filter(pk=group.pk).first()  # one officer change per group at a time
    resident = Resident.objects.filter(pk=resident.pk).first()
    if resident is None or resident.basic_status != codes.BasicStatus.HIDUP:
        raise ValidationError({"resident": [_("Pilih penduduk yang masih hidup.")]})
    if GroupMembership.objects.filter(group=group, resident=resident).exists():
        raise ValidationError({"resident": [_("%(name)s sudah anggota kelompok ini; ubah jabatannya di daftar anggota.")
                                            % {"name": resident.name}]})
    _check_role(group, role)
    membership = GroupMembership.objects.create(group=group, resident=resident, role=role)
    audit_record(actor=actor, action="group.add_member", obj=group, changes={"resident": resident.pk, "role": role})
    return membership


@transaction.atomic
def group_set_role(*, actor, membership: GroupMembership, role: str) -> GroupMembership:
    Group.objects.select_for_update().filter(pk=membership.group_id).first()
    _check_role(membership.group, role, member=membership)
    before = membership.role
    if before != role:
        membership.role = role
        membership.save(update_fields=["role"])
        audit_record(actor=actor, action="group.change_role", obj=membership.group,
                     changes={"resident": membership.resident_id, "role": [before, role]})
    return membership


@transaction.atomic
def group_remove_member(*, actor, membership: GroupMembership) -> None:
    audit_record(actor=actor, action="group.remove_member", obj=membership.group,
                 changes={"resident": membership.resident_id, "role": membership.role})
    membership.delete()
