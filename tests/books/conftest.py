import datetime

import pytest
from django.db import connection
from django.utils import timezone

from tenant_apps.population import codes
from tenant_apps.population.events import population_event_entry, population_event_exit
from tenant_apps.population.services import family_create, resident_register, rt_ensure
from tests.population.factories import resident_data

Kind = codes.PopulationEvent


@pytest.fixture
def senggigi_books(senggigi, in_village):
    """Senggigi's registry as its books should show it: Siti (a KK head's wife), a
    temporary foreign guest who moved in, Budi who moved out this month, and a
    resident whose address a spreadsheet would run as a formula."""
    operator = in_village(senggigi)
    today = timezone.localdate()
    rt = rt_ensure(actor=operator, dusun="Kerandangan", rw="001", rt="002")
    kk = family_create(actor=operator, no_kk="5201140101200001", rt=rt)
    siti = resident_register(actor=operator, data=resident_data(family=kk, rt=rt, address="Jl. Pantai 1"))
    guest = population_event_entry(actor=operator, kind=Kind.PINDAH_MASUK, occurred_on=today, details={
        "origin": "Sydney"}, data=resident_data(
        nik="", name="John Tamu", sex=codes.Sex.LAKI_LAKI, citizenship=codes.Citizenship.WNA, rt=rt,
        resident_status=codes.ResidentStatus.TIDAK_TETAP, passport_no="X1234567", birth_place="Perth",
        family_relationship=None)).resident
    budi = resident_register(actor=operator, data=resident_data(
        nik="5201141207850003", name="Budi", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date(1985, 7, 12),
        family_relationship=codes.FamilyRelationship.KEPALA_KELUARGA))
    population_event_exit(actor=operator, resident=budi, kind=Kind.PINDAH_KELUAR, occurred_on=today,
                          details={"move_level": 3, "destination": "Mataram"})
    resident_register(actor=operator, data=resident_data(
        nik="5201144104920002", name="Wati", birth_date=datetime.date(1992, 4, 1), address='=HYPERLINK("http://x.test","klik")'))
    connection.set_schema_to_public()
    return {"siti": siti, "guest": guest, "budi": budi, "today": today}
