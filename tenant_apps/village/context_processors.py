from shared_apps.accounts.selectors import request_membership
from tenant_apps.village.menu import menu_for


def village_menu(request) -> dict:
    """The staff menu on every village page the user is signed in to."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.is_public or not request.user.is_authenticated:
        return {}
    membership = request_membership(request)
    return {"menu": menu_for(membership.role if membership else None)}
