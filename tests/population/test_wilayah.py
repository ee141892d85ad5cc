import pytest
from django.core.exceptions import ValidationError

from tenant_apps.population import codes
from tenant_apps.population.models import Dusun, Resident, Rt, Rw
from tenant_apps.population.wilayah_selectors import wilayah_tree
from tenant_apps.population.wilayah_services import (
    dusun_create, rt_create, rw_create, wilayah_delete, wilayah_rename, wilayah_set_head,
)
from tenant_apps.village.models import AuditEntry
from tests.population.registry_story import budi_family, stranger


@pytest.fixture
def operator(senggigi, in_village):
    return in_village(senggigi)


def test_create_the_tree_and_count_it(operator):
    kk, people = budi_family(operator)  # Kerandangan / 001 / 001, four people
    Resident.objects.filter(pk=people["rina"].pk).update(basic_status=codes.BasicStatus.MATI)
    kerandangan = Dusun.objects.get(name="Kerandangan")
    rw = rw_create(actor=operator, dusun=kerandangan, number="002")
    rt_create(actor=operator, rw=rw, number="001")
    stranger(operator)  # in no RT
    tree, unassigned = wilayah_tree()
    [dusun] = tree
    assert (dusun.residents, dusun.families) == (3, 1)  # the dead are not counted
    assert [(node.unit.number, node.residents) for node in dusun.children] == [("001", 3), ("002", 0)]
    assert unassigned == {"residents": 1, "families": 0}


@pytest.mark.parametrize("name, message", [
    ("", "Isi nama dusun."), ("  ", "Isi nama dusun."), ("x" * 61, "paling panjang 60"),
    ("mangsit", "sudah ada"),
])
def test_dusun_names(operator, name, message):
    dusun_create(actor=operator, name="Mangsit")
    with pytest.raises(ValidationError, match=message):
        dusun_create(actor=operator, name=name)
    assert Dusun.objects.count() == 1


@pytest.mark.parametrize("number, message", [
    ("", "berupa angka"), ("1a", "berupa angka"), ("12345", "berupa angka"), ("1", "RW 1 sudah ada"),
    ("0001", "sudah ada"),
])
def test_rw_numbers(operator, number, message):
    dusun = dusun_create(actor=operator, name="Mangsit")
    rw_create(actor=operator, dusun=dusun, number="001")
    with pytest.raises(ValidationError, match=message):
        rw_create(actor=operator, dusun=dusun, number=number)
    assert Rw.objects.count() == 1


def test_the_same_number_in_another_parent_is_fine_and_renames_are_checked(operator):
    one, two = dusun_create(actor=operator, name="Mangsit"), dusun_create(actor=operator, name="Kerandangan")
    rw_one = rw_create(actor=operator, dusun=one, number="001")
    rw_create(actor=operator, dusun=two, number="001")
    rw_three = rw_create(actor=operator, dusun=one, number="003")
    with pytest.raises(ValidationError, match="sudah ada"):
        wilayah_rename(actor=operator, unit=rw_three, label="1")
    wilayah_rename(actor=operator, unit=rw_one, label="001")  # unchanged: no error, no audit
    wilayah_rename(actor=operator, unit=two, label="Kerandangan Baru")
    with pytest.raises(ValidationError, match="sudah ada"):
        wilayah_rename(actor=operator, unit=one, label="kerandangan baru")
    assert Dusun.objects.get(pk=one.pk).name == "Mangsit"
    assert AuditEntry.objects.filter(action="wilayah.rename").count() == 1


def test_deleting_refuses_a_unit_with_residents(operator):
    budi_family(operator)
    dusun = Dusun.objects.get(name="Kerandangan")
    rt = Rt.objects.get()
    for unit in (dusun, rt.rw, rt):
        with pytest.raises(ValidationError, match="masih tercatat 4 penduduk dan 1 KK"):
            wilayah_delete(actor=operator, unit=unit)
    assert Rt.objects.count() == 1 and not AuditEntry.objects.filter(action="wilayah.delete").exists()


def test_deleting_an_empty_dusun_takes_its_rws_and_rts(operator):
    dusun = dusun_create(actor=operator, name="Mangsit")
    rt_create(actor=operator, rw=rw_create(actor=operator, dusun=dusun, number="001"), number="001")
    dusun_pk = dusun.pk
    wilayah_delete(actor=operator, unit=dusun)
    assert not Dusun.objects.exists() and not Rw.objects.exists() and not Rt.objects.exists()
    entry = AuditEntry.objects.get(action="wilayah.delete")
    assert entry.object_id == dusun_pk and entry.changes["kind"] == "dusun"


def test_heads_are_living_residents(operator):
    _kk, people = budi_family(operator)
    rt = Rt.objects.get()
    wilayah_set_head(actor=operator, unit=rt, head=people["budi"])
    wilayah_set_head(actor=operator, unit=rt.rw.dusun, head=people["siti"])
    assert Rt.objects.get().head == people["budi"] and Dusun.objects.get().head == people["siti"]
    Resident.objects.filter(pk=people["andi"].pk).update(basic_status=codes.BasicStatus.PINDAH)
    with pytest.raises(ValidationError, match="masih hidup"):
        wilayah_set_head(actor=operator, unit=rt, head=people["andi"])
    assert Rt.objects.get().head == people["budi"]
    wilayah_set_head(actor=operator, unit=rt, head=None)
    assert Rt.objects.get().head is None
    assert AuditEntry.objects.filter(action="wilayah.set_head").count() == 3
