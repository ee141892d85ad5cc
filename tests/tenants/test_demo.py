from django.core.management import call_command
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User
from shared_apps.oversight.selectors import is_official
from tenant_apps.letters.models import Official
from tenants.models import Village


def test_demo_gives_every_role_something_to_try_and_runs_twice(db, capsys):
    call_command("demo")
    call_command("demo")  # `make run` again: nothing twice
    assert Village.objects.villages().count() == 2
    assert is_official(User.objects.get(email="ntb@balai.localhost"))
    for village in Village.objects.villages():
        with tenant_context(village):
            assert Official.objects.count() == 1  # someone to sign letters
    out = capsys.readouterr().out
    assert "/wilayah/" in out and "ntb@balai.localhost" in out
