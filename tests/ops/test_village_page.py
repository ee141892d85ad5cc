from tests.ops.helpers import ops_client, ops_user


def test_village_page_shows_usage_without_opening_other_villages(sukamaju, senggigi):
    from django_tenants.utils import tenant_context

    from tenant_apps.population.services import resident_register
    from tests.population.factories import resident_data

    with tenant_context(sukamaju):
        for serial in (1, 2, 3):
            resident_register(actor=None, data=resident_data(nik=f"520114450390000{serial}"))
    page = ops_client(ops_user("ops-support")).get("/ops/desa/sukamaju/").content.decode()
    assert 'data-testid="usage-residents">3<' in page
    assert 'data-testid="usage-staff">3<' in page  # operator, kepala desa, viewer
    assert 'data-testid="usage-storage">' in page and " MB<" in page
    assert "Modul surat belum tersedia." in page
    assert 'data-testid="subscription">modul penagihan belum terpasang<' in page
    other = ops_client(ops_user("ops-admin")).get("/ops/desa/senggigi/").content.decode()
    assert 'data-testid="usage-residents">0<' in other
