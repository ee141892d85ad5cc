import datetime
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from tenant_apps.letters.models import Official
from tenant_apps.population import codes
from tenant_apps.population.services import family_create, resident_register
from tenant_apps.selfservice.pins import resident_pin_reset
from tests.conftest import host_client
from tests.population.factories import resident_data

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def upload(name="ktp.png", content=PNG, content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def portal_setup(village, operator) -> SimpleNamespace:
    """In ``village``'s schema: a signer, Siti with her husband Ahmad on one KK,
    Budi on another, and Siti's PIN. Returns to public."""
    connection.set_tenant(village)
    official = Official.objects.create(name="Lalu Ahmad", position="Kepala Desa")
    family = family_create(actor=operator, no_kk="5201140101200001")
    siti = resident_register(actor=operator, data=resident_data(family=family))
    ahmad = resident_register(actor=operator, data=resident_data(
        nik="5201141001880002", name="Ahmad Fauzi", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date(1988, 1, 10),
        family=family, family_relationship=codes.FamilyRelationship.KEPALA_KELUARGA))
    budi = resident_register(actor=operator, data=resident_data(
        nik="5201140202850003", name="Budi Santoso", sex=codes.Sex.LAKI_LAKI, birth_date=datetime.date(1985, 2, 2)))
    pin = resident_pin_reset(actor=operator, resident=siti)
    connection.set_schema_to_public()
    return SimpleNamespace(official=official, siti=siti, ahmad=ahmad, budi=budi, pin=pin, operator=operator)


@pytest.fixture
def portal(in_village):
    def setup(village):
        return portal_setup(village, in_village(village))

    return setup


def resident_client(village, nik, pin, **extra):
    client = host_client(village, **extra)
    response = client.post("/layanan-mandiri/masuk/", {"nik": nik, "pin": pin})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client
