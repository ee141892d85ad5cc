"""Writes an ``ImportPlan`` in a few statements, each write with its audit entry.

Call inside the import's transaction. The database's unique constraints
(living NIK, No. KK, dusun/RW/RT) still guard against a concurrent writer: a
conflict raises ``IntegrityError``, which ``population_import`` turns into a
clear message.
"""
from django.utils import timezone

from tenant_apps.population.models import Dusun, Family, Resident, Rt, Rw
from tenant_apps.population.nik import temporary_niks_next
from tenant_apps.population.opensid_import_plan import ImportPlan
from tenant_apps.population.resident_rules import audit_changes_diff, audit_changes_new, resident_values
from tenant_apps.village.audit import audit_entry, audit_record_many
from tenant_apps.village.models import VillageProfile

BATCH = 1000
# Always written for an updated resident: the NIK findings follow the NIK and the birth date.
RESIDENT_BOOKKEEPING = {"nik_is_temporary", "nik_warnings", "nik_warnings_confirmed", "updated_at"}


def _related_ids_fill(obj, names: tuple[str, ...]) -> None:
    """Copy the ids of related rows assigned before they were saved (a new RT, family or head)."""
    for name in names:
        relation = obj._meta.get_field(name)
        if relation.is_cached(obj):
            related = relation.get_cached_value(obj)
            setattr(obj, relation.attname, None if related is None else related.pk)


def import_plan_write(*, actor, plan: ImportPlan) -> None:
    entries = []
    for model in (Dusun, Rw, Rt):
        model.objects.bulk_create([obj for obj in plan.wilayah.new if type(obj) is model], batch_size=BATCH)
    entries += [audit_entry(actor=actor, action="wilayah.create", obj=rt,
                            changes={"dusun": rt.rw.dusun.name, "rw": rt.rw.number, "rt": rt.number})
                for rt in plan.wilayah.new if type(rt) is Rt]

    families = list(plan.families.by_no_kk.values())
    new_families = [family_plan.family for family_plan in families if family_plan.new]
    heads = {family.no_kk: family.head for family in new_families}  # residents not written yet
    for family in new_families:
        family.head = None
    Family.objects.bulk_create(new_families, batch_size=BATCH)
    entries += [audit_entry(actor=actor, action="family.create", obj=family,
                            changes={"no_kk": family.no_kk, "address": family.address}) for family in new_families]

    entries += _residents_write(actor, plan)

    changed_families = []
    for family_plan in families:
        family = family_plan.family
        if family_plan.new:
            before = {"head_id": None, "rt_id": family.rt_id, "address": family.address}
            family.head = heads[family.no_kk]
        else:
            before = family_plan.before
        _related_ids_fill(family, ("head", "rt"))
        changes = {key: getattr(family, key) for key in before if getattr(family, key) != before[key]}
        if changes:
            changed_families.append(family)
            entries.append(audit_entry(actor=actor, action="family.update", obj=family, changes=changes))
    Family.objects.bulk_update(changed_families, ["head", "rt", "address"], batch_size=BATCH)
    audit_record_many(entries)


def _residents_write(actor, plan: ImportPlan) -> list:
    unnumbered = [resident for resident in plan.new if not resident.nik]
    if unnumbered:
        village_code = VillageProfile.objects.values_list("code", flat=True).get()
        for resident, nik in zip(unnumbered, temporary_niks_next(village_code, len(unnumbered)), strict=True):
            resident.nik = nik
    Resident.objects.bulk_create(plan.new, batch_size=BATCH)
    entries = [audit_entry(actor=actor, action="resident.register", obj=resident,
                           changes=audit_changes_new(resident_values(resident))) for resident in plan.new]

    now, fields = timezone.now(), set(RESIDENT_BOOKKEEPING)
    for stored, resident in plan.updated:
        _related_ids_fill(resident, ("rt", "family"))
        before, after = resident_values(stored), resident_values(resident)
        fields.update(name for name in after if before[name] != after[name])
        resident.updated_at = now
        changes = audit_changes_diff(before, after)
        if changes:
            entries.append(audit_entry(actor=actor, action="resident.update", obj=resident, changes=changes))
    Resident.objects.bulk_update([resident for _stored, resident in plan.updated], sorted(fields), batch_size=BATCH)
    return entries
