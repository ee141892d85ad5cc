import pytest
from django.core.cache import cache
from django.db import connection
from django_tenants.utils import schema_context

from tenant_apps.village.models import VillageProfile
from tenant_apps.village.tasks import refresh_region_names
from shared_apps.regions.models import Region
from tenants.models import Village
from tenants.tasks import VillageTaskError, provision_village, provisioning_progress_key
from tests.conftest import PASSWORD


def test_a_village_task_runs_inside_its_village(sukamaju, senggigi):
    Region.objects.filter(code="52.04.02").update(name="Lunyuk Baru")
    assert refresh_region_names.delay(schema_name=sukamaju.schema_name).get() is True
    with schema_context(sukamaju.schema_name):
        assert VillageProfile.objects.get().kecamatan == "Lunyuk Baru"
    with schema_context(senggigi.schema_name):
        assert VillageProfile.objects.get().kecamatan == "Batu Layar"
    assert connection.schema_name == "public"  # the task left the village


@pytest.mark.parametrize("schema_name", ["", "public", "desa_0000000000"])
def test_a_village_task_refuses_to_run_outside_a_village(db, schema_name):
    with pytest.raises(VillageTaskError):
        refresh_region_names.delay(schema_name=schema_name).get()


def test_a_village_task_cannot_be_sent_without_a_village(db):
    with pytest.raises(TypeError, match="schema_name"):
        refresh_region_names.delay()


def test_a_village_task_refuses_an_archived_village(sukamaju):
    Village.objects.filter(pk=sukamaju.pk).update(status=Village.Status.ARCHIVED)
    with pytest.raises(VillageTaskError):
        refresh_region_names.delay(schema_name=sukamaju.schema_name).get()


def test_provisioning_task_is_idempotent_and_reports_progress(regions, outsider):
    kwargs = {"code": "52.01.14.2006", "slug": "senggigi", "admin_email": outsider.email}
    assert provision_village.delay(**kwargs).get() == "desa_5201142006"
    assert provision_village.delay(**kwargs).get() == "desa_5201142006"
    assert Village.objects.filter(code="52.01.14.2006").count() == 1
    assert cache.get(provisioning_progress_key("52.01.14.2006")) == "Selesai"
    assert outsider.memberships.get().role == "operator"


def test_provisioning_task_takes_no_password(regions):
    with pytest.raises(TypeError):
        provision_village.delay(code="52.01.14.2006", slug="senggigi", admin_email="a@b.test",
                                admin_password=PASSWORD).get()
