"""What the population pages share: pages of a list,
whether the user may change the registry, the resident picker's results."""
from django.core.paginator import Page, Paginator
from django.db.models import Q

from shared_apps.accounts.roles import role_has_permission
from shared_apps.accounts.selectors import request_membership
from tenant_apps.population.selectors import PICK_LIMIT, residents_pick


def page_of(request, queryset, per_page: int = 50) -> tuple[Page, str]:
    """The requested page, and the query string without ``page`` for the page links."""
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(queryset, per_page).get_page(request.GET.get("page")), query.urlencode()


def can_change(request) -> bool:
    """Whether to show the forms that write (the views check again on POST)."""
    membership = request_membership(request)
    return membership is not None and role_has_permission(membership.role, "population.change")


def picker_context(query: str, *, exclude: Q | None = None) -> dict:
    """The resident search results a picker shows (at most PICK_LIMIT); ``exclude``: who is already in."""
    query = " ".join(query.split())
    found = residents_pick(query, exclude=exclude)
    return {"q": query, "candidates": found[:PICK_LIMIT], "too_many": len(found) > PICK_LIMIT,
            "too_short": 0 < len(query) < 2, "pick_limit": PICK_LIMIT}
