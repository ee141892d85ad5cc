from tests.ops.helpers import ops_client, ops_user


def test_village_page_shows_usage_without_opening_other_villages(sukamaju, senggigi):
    from django_tenants.utils import tenant_context

    from tenant_apps.population.services import resident_register
    from tests.population.factories import resident_data

    from django.utils import timezone

    from tenant_apps.letters.models import LetterType, Official
    from tenant_apps.letters.services import letter_issue

    with tenant_context(sukamaju):
        for serial in (1, 2, 3):
            siti = resident_register(actor=None, data=resident_data(nik=f"520114450390000{serial}"))
        letter_issue(actor=None, role="operator", letter_type=LetterType.objects.get(code="S-01"), resident=siti,
                     official=Official.objects.create(name="Kades", position="Kepala Desa"), fields={"keperluan": "x"})
    page = ops_client(ops_user("ops-support")).get("/ops/desa/sukamaju/").content.decode()
    assert 'data-testid="usage-residents">3<' in page
    assert 'data-testid="usage-staff">3<' in page  # operator, kepala desa, viewer
    assert 'data-testid="usage-storage">' in page and " MB<" in page
    assert f"<td>{timezone.localdate():%m-%Y}</td><td>1</td>" in page  # letters this month
    assert 'data-testid="subscription">modul penagihan belum terpasang<' in page
    other = ops_client(ops_user("ops-admin")).get("/ops/desa/senggigi/").content.decode()
    assert 'data-testid="usage-residents">0<' in other
