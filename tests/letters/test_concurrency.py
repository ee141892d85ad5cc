"""Two letters never get the same number, also when issued at the same moment."""
import threading

from django.db import connection

from tenant_apps.letters.models import Letter, LetterType, Official
from tenant_apps.letters.services import letter_issue
from tenant_apps.population.services import resident_register
from tests.population.factories import resident_data

WORKERS, EACH = 4, 8


def test_concurrent_issuing_gives_distinct_consecutive_numbers(committed_villages):
    village = committed_villages["senggigi"]
    connection.set_tenant(village)
    official = Official.objects.create(name="Lalu Ahmad", position="Kepala Desa")
    siti = resident_register(actor=None, data=resident_data())
    letter_type = LetterType.objects.get(code="S-02")
    connection.set_schema_to_public()
    start, errors = threading.Barrier(WORKERS), []

    def issue():
        from django.db import connection as own  # this thread's own connection

        try:
            own.set_tenant(village)
            start.wait()
            for _ in range(EACH):
                letter_issue(actor=None, role="operator", letter_type=letter_type, official=official, resident=siti,
                             fields={"keperluan": "Uji"})
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=issue) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    connection.set_tenant(village)
    sequences = sorted(Letter.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, WORKERS * EACH + 1))
    assert len(set(Letter.objects.values_list("number", flat=True))) == WORKERS * EACH
