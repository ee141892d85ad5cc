"""Budi's family in Kerandangan RW 001 RT 001 of Senggigi, for the family,
household, group and wilayah tests."""
import datetime

from tenant_apps.population import codes
from tenant_apps.population.family_services import family_set_head
from tenant_apps.population.services import family_create, resident_register, rt_ensure
from tests.population.factories import resident_data

Rel = codes.FamilyRelationship
NO_KK = "5201140101200001"


def budi_family(operator):
    """The KK (Budi at its head, Siti his wife, Andi and Rina) and its people by first name."""
    rt = rt_ensure(actor=operator, dusun="Kerandangan", rw="001", rt="001")
    kk = family_create(actor=operator, no_kk=NO_KK, rt=rt, address="Jl. Pantai 1")
    people = {
        "budi": resident_register(actor=operator, data=resident_data(
            nik="5201141207850003", name="Budi", sex=1, birth_date=datetime.date(1985, 7, 12), family=kk, rt=rt,
            family_relationship=Rel.KEPALA_KELUARGA)),
        "siti": resident_register(actor=operator, data=resident_data(family=kk, rt=rt, family_relationship=Rel.ISTRI)),
        "andi": resident_register(actor=operator, data=resident_data(
            nik="", name="Andi", sex=1, birth_date=datetime.date(2000, 1, 1), family=kk, rt=rt,
            family_relationship=Rel.ANAK, marital_status=codes.MaritalStatus.KAWIN)),
        "rina": resident_register(actor=operator, data=resident_data(
            nik="", name="Rina", birth_date=datetime.date(2001, 1, 1), family=kk, rt=rt,
            family_relationship=Rel.LAINNYA)),
    }
    family_set_head(actor=operator, family=kk, head=people["budi"])
    kk.refresh_from_db()
    return kk, people


def stranger(operator, name="Wayan", **overrides):
    """A living resident of the village in no KK."""
    return resident_register(actor=operator, data=resident_data(nik="", name=name, **overrides))
