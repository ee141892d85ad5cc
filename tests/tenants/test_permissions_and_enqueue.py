from types import SimpleNamespace

from django.test import RequestFactory

from shared_apps.accounts.models import User
from shared_apps.accounts.permissions import HasVillagePermission
from tenant_apps.village.tasks import refresh_region_names
from tenants.tasks import village_task_enqueue


def _request(user, village, method="GET"):
    request = getattr(RequestFactory(), method.lower())("/")
    request.user, request.tenant = user, village
    return request


def test_api_permission_follows_the_role_and_the_method(sukamaju):
    view = SimpleNamespace(required={"GET": "village.view", "POST": "staff.manage"})
    viewer = User.objects.get(email="viewer@sukamaju.test")
    operator = User.objects.get(email="operator@sukamaju.test")
    permission = HasVillagePermission()
    assert permission.has_permission(_request(viewer, sukamaju), view)
    assert not permission.has_permission(_request(viewer, sukamaju, "POST"), view)
    assert permission.has_permission(_request(operator, sukamaju, "POST"), view)
    assert not permission.has_permission(_request(operator, sukamaju, "DELETE"), view)


def test_api_permission_refuses_staff_of_another_village(sukamaju, senggigi):
    view = SimpleNamespace(required={"GET": "village.view"})
    operator = User.objects.get(email="operator@sukamaju.test")
    assert not HasVillagePermission().has_permission(_request(operator, senggigi), view)


def test_village_tasks_leave_only_after_commit(sukamaju, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr(refresh_region_names, "apply_async", lambda kwargs: sent.append(kwargs))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        village_task_enqueue(refresh_region_names, village=sukamaju)
    assert sent == []
    callbacks[0]()
    assert sent == [{"schema_name": sukamaju.schema_name}]


def test_head_and_options_read_like_get(sukamaju):
    view = SimpleNamespace(required={"GET": "village.view"})
    viewer = User.objects.get(email="viewer@sukamaju.test")
    for method in ("HEAD", "OPTIONS"):
        assert HasVillagePermission().has_permission(_request(viewer, sukamaju, method), view)
