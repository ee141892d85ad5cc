import pytest
from django.db import connection

from tenant_apps.letters.models import LetterType, Official
from tenant_apps.population.services import resident_register
from tests.population.factories import resident_data


@pytest.fixture
def letters_ready(in_village):
    """A village with its shipped letter types, a signer and Siti; back in public afterwards."""

    def ready(village):
        operator = in_village(village)
        official = Official.objects.create(name="Lalu Ahmad", position="Kepala Desa", nip="19700101")
        siti = resident_register(actor=operator, data=resident_data())
        connection.set_schema_to_public()
        return operator, official, siti

    return ready


def shipped(code: str) -> LetterType:
    return LetterType.objects.get(code=code)
