from django.utils import formats, timezone
from django.utils.translation import gettext as _

from shared_apps.billing.models import Subscription
from shared_apps.billing.selectors import subscription_for_village


def billing_notice(request) -> dict:
    """For signed-in staff of a village whose payment is late: what will happen, and when."""
    village = getattr(request, "tenant", None)
    if village is None or village.is_public or not request.user.is_authenticated:
        return {}
    subscription = subscription_for_village(village)
    if subscription is None:
        return {}
    if subscription.status == Subscription.Status.PAST_DUE:
        return {"billing_notice": _("Pembayaran langganan Balai lewat jatuh tempo. Lunasi di menu Langganan.")}
    if subscription.status == Subscription.Status.GRACE:
        date = formats.date_format(timezone.localtime(subscription.grace_ends_at), "d-m-Y")
        return {"billing_notice": _("Masa tenggang: desa ini akan ditangguhkan (hanya baca) pada %(date)s "
                                    "jika langganan belum dibayar.") % {"date": date}}
    return {}
