"""Writes an ``ImportPlan`` in a few statements, each write with its audit entry.

Call inside the import's transaction. New rows go in by COPY (``copy_insert``),
changed rows by ``copy_update``. A new family is written before its members
and gets its head once they are, so every foreign key holds at every
statement. The database's unique constraints (living NIK, No. KK,
dusun/RW/RT) still guard against a concurrent writer: a conflict raises
``IntegrityError``, which ``population_import`` turns into a clear message.
"""
from shared_apps.oversight.changes import rollup_mark_changed
from tenant_apps.population.models import Dusun, Family, Resident, Rt, Rw
from tenant_apps.population.nik import temporary_niks_next
from tenant_apps.population.opensid_import_plan import ImportPlan
from tenant_apps.population.resident_rules import audit_changes_diff, audit_changes_new, resident_values
from tenant_apps.village.audit import audit_entry, audit_record_many
from tenant_apps.village.models import VillageProfile
from tenants.db.copy import copy_insert, copy_update

# Always written for an updated resident: the NIK findings follow the NIK and the birth date.
RESIDENT_BOOKKEEPING = {"nik_is_temporary", "nik_warnings", "nik_warnings_confirmed", "updated_at"}


def import_plan_write(*, actor, plan: ImportPlan) -> None:
    entries = []
    for model in (Dusun, Rw, Rt):
        copy_insert([obj for obj in plan.wilayah.new if type(obj) is model])
    entries += [audit_entry(actor=actor, action="wilayah.create", obj=rt,
                            changes={"dusun": rt.rw.dusun.name, "rw": rt.rw.number, "rt": rt.number})
                for rt in plan.wilayah.new if type(rt) is Rt]
    new_families = [family_plan.family for family_plan in plan.families.by_no_kk.values() if family_plan.new]
    heads = [family.head for family in new_families]  # planned residents, some not written yet
    for family in new_families:
        family.head = None
    copy_insert(new_families)
    entries += _residents_write(actor, plan)
    for family, head in zip(new_families, heads, strict=True):
        family.head = head
    entries += [audit_entry(actor=actor, action="family.create", obj=family, changes={
        "no_kk": family.no_kk, "address": family.address, "rt_id": family.rt_id, "head_id": family.head_id,
    }) for family in new_families]
    entries += _families_update(actor, plan, [family for family in new_families if family.head_id is not None])
    audit_record_many(entries)
    rollup_mark_changed()  # regional rollups pick the village up on their next run


def _families_update(actor, plan: ImportPlan, headed: list[Family]) -> list:
    """Write the heads of new families, and what rows changed in existing ones (head, RT, address)."""
    changed, entries = [], []
    for family_plan in plan.families.by_no_kk.values():
        if family_plan.new:
            continue
        family = family_plan.family
        family._prepare_related_fields_for_save(operation_name="import")  # ids of a new head or RT
        changes = {key: getattr(family, key) for key, value in family_plan.before.items() if getattr(family, key) != value}
        if changes:
            changed.append(family)
            entries.append(audit_entry(actor=actor, action="family.update", obj=family, changes=changes))
    copy_update(headed + changed, ["head", "rt", "address"])
    return entries


def _residents_write(actor, plan: ImportPlan) -> list:
    unnumbered = [resident for resident in plan.new if not resident.nik]
    if unnumbered:
        village_code = VillageProfile.objects.values_list("code", flat=True).get()
        for resident, nik in zip(unnumbered, temporary_niks_next(village_code, len(unnumbered)), strict=True):
            resident.nik = nik
    copy_insert(plan.new)
    entries = [audit_entry(actor=actor, action="resident.register", obj=resident,
                           changes=audit_changes_new(resident_values(resident))) for resident in plan.new]

    fields = set(RESIDENT_BOOKKEEPING)
    for stored, resident in plan.updated:
        resident._prepare_related_fields_for_save(operation_name="import")  # ids of a new RT or family
        before, after = resident_values(stored), resident_values(resident)
        fields.update(name for name in after if before[name] != after[name])
        changes = audit_changes_diff(before, after)
        if changes:
            entries.append(audit_entry(actor=actor, action="resident.update", obj=resident, changes=changes))
    copy_update([resident for _stored, resident in plan.updated], sorted(fields))
    return entries
