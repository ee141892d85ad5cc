"""Two sessions writing the same thing at once: the database's constraints decide,
and the loser gets a clear message (real connections, one per thread)."""
import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from tenant_apps.population.models import Family, Resident
from tenant_apps.population.opensid_excel import workbook_read
from tenant_apps.population.opensid_import import ImportConflict, population_import
from tenant_apps.population.services import family_create, resident_register
from tests.population.test_opensid_excel import KK, SITI_NIK, opensid_row, siti, workbook


def _in_thread(village, work) -> threading.Thread:
    """Run ``work()`` on its own connection in ``village``; its result or exception lands in ``thread.outcome``."""
    def run():
        try:
            connection.set_tenant(village)
            thread.outcome = work()
        except Exception as exc:  # noqa: BLE001 - handed to the test to assert on
            thread.outcome = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _wait_until_blocked(pid: int) -> None:
    deadline = time.monotonic() + 20
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
            if row and row[0] == "Lock":
                return
            time.sleep(0.05)
    raise AssertionError("the second session never waited for the first")


def test_two_concurrent_family_creates_leave_one_family_and_a_clear_error(committed_villages):
    village = committed_villages["senggigi"]
    created, release, second_pid = threading.Event(), threading.Event(), []

    def first():
        with transaction.atomic():
            family = family_create(actor=None, no_kk=KK)
            created.set()
            release.wait(20)  # holds its uncommitted family while the second one tries
        return family

    def second():
        second_pid.append(_backend_pid())
        return family_create(actor=None, no_kk=KK)

    winner = _in_thread(village, first)
    assert created.wait(20)
    loser = _in_thread(village, second)
    while not second_pid:
        time.sleep(0.01)
    # Both passed the "already registered?" look-up; the unique index makes the second wait.
    _wait_until_blocked(second_pid[0])
    release.set()
    winner.join(20)
    loser.join(20)

    assert isinstance(winner.outcome, Family)
    assert isinstance(loser.outcome, ValidationError)
    assert loser.outcome.message_dict == {"no_kk": ["Nomor KK ini sudah terdaftar."]}
    connection.set_tenant(village)
    assert Family.objects.filter(no_kk=KK).count() == 1


def test_an_import_losing_a_race_for_a_nik_imports_nothing_and_says_why(committed_villages):
    village = committed_villages["senggigi"]
    connection.set_tenant(village)
    rows = workbook_read(workbook(opensid_row(), siti()))

    def another_operator_registers_siti(done: int, total: int) -> None:
        # The import has read and checked everything; the operator's write lands before it writes.
        if done == total:
            _in_thread(village, lambda: resident_register(actor=None, data={
                "nik": SITI_NIK, "name": "Siti", "birth_date": datetime.date(1990, 3, 5), "sex": 2, "religion": 1,
                "marital_status": 2})).join(20)

    with pytest.raises(ImportConflict) as caught:
        population_import(actor=None, rows=rows, commit=True, progress=another_operator_registers_siti)
    assert "diubah pengguna lain selama impor" in caught.value.message
    assert list(Resident.objects.values_list("name", flat=True)) == ["Siti"]
    assert not Family.objects.exists()
