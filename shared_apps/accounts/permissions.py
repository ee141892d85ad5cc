"""Permissions as data next to the view: ``required = {"GET": "village.view"}``."""
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from shared_apps.accounts.roles import role_has_permission
from shared_apps.accounts.selectors import request_membership


# Methods that only read are allowed when reading is.
_READS_LIKE_GET = {"HEAD", "OPTIONS"}


def request_has_permission(request, required: dict[str, str]) -> bool:
    method = "GET" if request.method in _READS_LIKE_GET else request.method
    permission = required.get(method) or required.get("*")
    if permission is None:
        return False  # a method the view did not declare is refused
    membership = request_membership(request)
    return membership is not None and role_has_permission(membership.role, permission)


class HasVillagePermission(BasePermission):
    """DRF: the user's role in this village grants ``view.required[method]``."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and request_has_permission(request, view.required)


class VillagePermissionMixin(LoginRequiredMixin):
    """Pages: sign-in first, then the role must grant ``required[method]``."""

    required: dict[str, str] = {}

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request_has_permission(request, self.required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)
