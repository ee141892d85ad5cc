from shared_apps.accounts.models import User, VillageMembership


def membership_for(*, user: User, village) -> VillageMembership | None:
    """The user's active membership in ``village``, or None (also for the public tenant)."""
    if not user.is_authenticated or village is None or village.is_public:
        return None
    if user.platform_role:
        return None  # platform staff enter a village only through support access (shared_apps.ops)
    return VillageMembership.objects.filter(user=user, village=village, is_active=True).first()


def may_sign_in(*, user: User, tenant) -> bool:
    """Village hosts admit their own staff; the control plane admits platform
    staff and regional officials (who see only /wilayah/ and its API)."""
    if not user.is_active:
        return False
    if tenant.is_public:
        from shared_apps.oversight.selectors import is_official  # oversight builds on accounts, not the reverse

        # Platform staff (platform_role) sign in at /ops/masuk/ with a second
        # factor, never with a password alone; is_staff marks API automation.
        return (user.is_staff and not user.platform_role) or is_official(user)
    return membership_for(user=user, village=tenant) is not None


def request_membership(request) -> VillageMembership | None:
    """The signed-in user's membership in the request's village, fetched once per request."""
    if not hasattr(request, "_balai_membership"):
        request._balai_membership = membership_for(user=request.user, village=request.tenant)
    return request._balai_membership


def request_membership_assume(request, membership: VillageMembership) -> None:
    """Act in this request with ``membership`` (an unsaved one): only for
    platform staff on a live support access (shared_apps.ops.middleware)."""
    request._balai_membership = membership
