"""Letters: PDF rendering speed and numbering under concurrency.

Creates a fresh database ``<DATABASE_URL name>_bench_letters`` with the demo
villages, then prints (1) PDFs per second and p50/p95 render time of a
one-page letter (template filled in and rendered, as issuing does), and
(2) seconds to issue N letters (default 1,000) from 4 worker processes at
once, all of one type (the worst case: one counter row), and how many numbers
were duplicated (must be 0).
Run: python infra/dev/localdb.py exec -- python bench/letters.py [--letters 1000] [--workers 4]
"""
import argparse
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path

from benchdb import fresh_database, percentiles

REPO = Path(__file__).resolve().parents[1]


def _setup(env: dict) -> None:
    os.environ.update(env)
    import django

    django.setup()


def _issue(env: dict, count: int, start) -> None:
    _setup(env)
    from django.db import connection

    from tenant_apps.letters.models import LetterType, Official
    from tenant_apps.letters.services import letter_issue
    from tenant_apps.population.models import Resident
    from tenants.models import Village

    connection.set_tenant(Village.objects.get(slug="senggigi"))
    letter_type, official = LetterType.objects.get(code="S-02"), Official.objects.get()
    residents = list(Resident.objects.all()[:50])
    start.wait()
    for index in range(count):
        letter_issue(actor=None, role="operator", letter_type=letter_type, official=official,
                     resident=residents[index % len(residents)], fields={"keperluan": "Uji beban"})
    connection.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--letters", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--renders", type=int, default=60)
    args = parser.parse_args()
    env = {**os.environ, "DATABASE_URL": fresh_database("bench_letters"), "BALAI_BASE_DOMAIN": "localhost",
           "DJANGO_SETTINGS_MODULE": "config.settings.base", "DJANGO_LOG_LEVEL": "WARNING"}
    balai = str(Path(sys.executable).parent / "balai")
    subprocess.run([balai, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([balai, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    _setup(env)
    from django.db import connection, connections
    from django.utils import timezone

    from tenant_apps.letters.models import Letter, LetterType, Official
    from tenant_apps.letters.pdf import html_to_pdf, qr_img
    from tenant_apps.letters.services import letter_body
    from tenant_apps.population.models import Resident
    from tenant_apps.population.services import resident_register
    from tenants.models import Village

    connection.set_tenant(Village.objects.get(slug="senggigi"))
    official = Official.objects.create(name="Lalu Ahmad", position="Kepala Desa")
    for index in range(50):
        resident_register(actor=None, data={"name": f"Warga {index}", "sex": 1 + index % 2, "religion": 1,
                                            "marital_status": 1, "birth_date": f"19{50 + index}-01-15"})
    letter = Letter(letter_type=LetterType.objects.get(code="S-04"), resident=Resident.objects.first(),
                    official=official, fields={"keperluan": "Melamar pekerjaan"}, verification_code="ABCD-EFGH-JKMN")
    samples = []
    for index in range(args.renders + 3):
        started = time.perf_counter()
        body = letter_body(letter, number=f"S-04/{index:03}/5201142006/XI/2026", sequence=index,
                           day=timezone.localdate(), qr=qr_img("https://senggigi.balai.id/surat/verifikasi/ABCD-EFGH-JKMN/"))
        pdf = html_to_pdf(body, paper="F4")
        samples.append(time.perf_counter() - started)
    samples = samples[3:]
    print(f"letters: one-page PDF ({len(pdf) / 1024:.0f} KB) render {percentiles(samples)}; "
          f"{len(samples) / sum(samples):.1f} PDFs/s in one process")

    connections.close_all()
    each = args.letters // args.workers
    start = multiprocessing.Barrier(args.workers + 1)
    workers = [multiprocessing.Process(target=_issue, args=(env, each, start)) for _ in range(args.workers)]
    for worker in workers:
        worker.start()
    start.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    connection.set_tenant(Village.objects.get(slug="senggigi"))
    issued = Letter.objects.filter(letter_type__code="S-02")
    numbers = list(issued.values_list("number", flat=True))
    print(f"letters: {len(numbers)} letters issued by {args.workers} processes at once (one type, one counter): "
          f"{elapsed:.1f} s, {len(numbers) / elapsed:.1f} letters/s; duplicate numbers: {len(numbers) - len(set(numbers))}; "
          f"sequence {min(issued.values_list('sequence', flat=True))}..{max(issued.values_list('sequence', flat=True))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
