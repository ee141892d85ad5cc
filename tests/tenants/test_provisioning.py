import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from shared_apps.accounts.models import User, VillageMembership
from shared_apps.regions.models import Region
from tenant_apps.village.models import VillageProfile
from tenants.models import Domain, Village
from tenants.services import village_provision
from tests.conftest import PASSWORD

SENGGIGI = {"code": "52.01.14.2006", "slug": "senggigi", "admin_email": "op@senggigi.test", "admin_password": PASSWORD}


def test_provision_creates_a_ready_village(regions):
    steps = []
    village = village_provision(**SENGGIGI, progress=steps.append)

    assert village.status == Village.Status.ACTIVE
    assert village.name == "Senggigi"  # the region's name by default
    assert village.schema_name == "desa_5201142006"
    assert Domain.objects.get(tenant=village, is_primary=True).domain == "senggigi.localhost"
    membership = VillageMembership.objects.get(village=village)
    assert (membership.user.email, membership.role) == ("op@senggigi.test", "operator")
    with schema_context(village.schema_name):
        profile = VillageProfile.objects.get()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM django_migrations WHERE app = 'village'")
            assert cursor.fetchone()[0] >= 1
    assert (profile.kecamatan, profile.kabupaten, profile.provinsi) == (
        "Batu Layar", "Kabupaten Lombok Barat", "Nusa Tenggara Barat"
    )
    assert steps[0] == "Memeriksa data desa" and steps[-1] == "Selesai"


def test_provision_uses_the_given_name(regions):
    village = village_provision(**SENGGIGI, name="Desa Wisata Senggigi")
    assert village.name == "Desa Wisata Senggigi"


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"code": "99.99.99.9999"}, "code", "tidak ada dalam daftar wilayah"),
        ({"code": "52.01.14"}, "code", "Kode 52.01.14 adalah kecamatan, bukan desa/kelurahan"),
        ({"code": "52.01"}, "code", "adalah kabupaten/kota, bukan desa/kelurahan"),
        ({"code": "52.01.99"}, "code", "PP.KK.CC.DDDD"),
        ({"code": "52.01.14.200"}, "code", "PP.KK.CC.DDDD"),
        ({"slug": "Senggigi!"}, "slug", "huruf kecil"),
        ({"slug": "-senggigi"}, "slug", "tanda hubung"),
        ({"slug": "ab"}, "slug", "3–40"),
        ({"slug": "www"}, "slug", "dicadangkan"),
        ({"slug": "ops"}, "slug", "dicadangkan"),
        ({"slug": "static"}, "slug", "dicadangkan"),
        ({"admin_password": "12345678901"}, "admin_password", "angka"),
        ({"admin_password": "short"}, "admin_password", "terlalu pendek"),
        ({"admin_email": "bukan-email"}, "admin_email", "email"),
    ],
)
def test_provision_rejects_bad_input_with_field_errors(regions, changes, field, fragment):
    with pytest.raises(ValidationError) as caught:
        village_provision(**{**SENGGIGI, **changes})
    assert fragment in " ".join(caught.value.message_dict[field])
    assert not Village.objects.villages().exists()


def test_provision_rejects_a_region_that_is_not_a_desa(regions):
    # Real codes of village shape are always desa/kelurahan; a region list
    # could still carry one at another level, and that must be refused.
    Region.objects.create(code="52.01.14.9999", name="Bukan Desa", level=Region.Level.KECAMATAN)
    with pytest.raises(ValidationError) as caught:
        village_provision(**{**SENGGIGI, "code": "52.01.14.9999"})
    assert "adalah kecamatan, bukan desa/kelurahan" in caught.value.message_dict["code"][0]


def test_a_code_is_provisioned_once(regions):
    village_provision(**SENGGIGI)
    with pytest.raises(ValidationError) as caught:
        village_provision(**{**SENGGIGI, "slug": "senggigi-dua", "admin_email": "other@senggigi.test"})
    assert "sudah terdaftar" in caught.value.message_dict["code"][0]
    assert Village.objects.filter(code=SENGGIGI["code"]).count() == 1


def test_a_slug_is_used_once(regions):
    village_provision(**SENGGIGI)
    with pytest.raises(ValidationError) as caught:
        village_provision(code="52.01.14.2001", slug="senggigi", admin_email="b@batulayar.test", admin_password=PASSWORD)
    assert "sudah dipakai" in caught.value.message_dict["slug"][0]


def test_a_failed_provisioning_leaves_nothing_and_can_be_retried(regions, monkeypatch):
    import tenants.services

    def broken(**_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tenants.services, "profile_initialize", broken)
    with pytest.raises(RuntimeError):
        village_provision(**SENGGIGI)
    assert not Village.objects.filter(code=SENGGIGI["code"]).exists()
    assert not schema_exists("desa_5201142006")
    assert not User.objects.filter(email=SENGGIGI["admin_email"]).exists()

    monkeypatch.undo()
    assert village_provision(**SENGGIGI).status == Village.Status.ACTIVE


def test_an_existing_account_can_become_operator_of_a_second_village(regions):
    village_provision(**SENGGIGI)
    second = village_provision(code="52.01.14.2001", slug="batulayar", admin_email="op@senggigi.test")
    assert VillageMembership.objects.filter(user__email="op@senggigi.test").count() == 2
    assert second.status == Village.Status.ACTIVE


def test_cli_create_and_list(regions, capsys):
    call_command("village", "create", "--code", "52.01.14.2006", "--slug", "senggigi",
                 "--admin-email", "op@senggigi.test", "--admin-password", PASSWORD)
    call_command("village", "list")
    out = capsys.readouterr().out
    assert "created 52.01.14.2006 senggigi Senggigi" in out
    assert "52.01.14.2006  senggigi  Senggigi  active" in out
    assert "http://senggigi.localhost/" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--code", "99.99.99.9999", "--slug", "x-desa"], "code: Kode 99.99.99.9999 tidak ada"),
        (["--code", "52.01.14.2006", "--slug", "admin"], "slug: Subdomain “admin” dicadangkan"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_code_2(regions, args, fragment):
    with pytest.raises(CommandError) as caught:
        call_command("village", "create", *args, "--admin-email", "a@b.test", "--admin-password", PASSWORD)
    assert caught.value.returncode == 2
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.django_db
def test_balai_command_exits_2_on_unknown_region(settings):
    database = settings.DATABASES["default"]
    url = f"postgresql://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}"
    result = subprocess.run(
        [str(Path(sys.executable).parent / "balai"), "village", "create", "--code", "99.99.99.9999", "--slug", "entah",
         "--admin-email", "a@b.test", "--admin-password", PASSWORD],
        capture_output=True, text=True, env={**os.environ, "DATABASE_URL": url}, timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "tidak ada dalam daftar wilayah" in result.stderr


def test_a_leftover_schema_is_reported_not_overwritten(regions):
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "desa_5201142006"')
    with pytest.raises(ValidationError) as caught:
        village_provision(**SENGGIGI)
    assert "skema lama" in caught.value.message_dict["code"][0]
