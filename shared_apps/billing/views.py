"""The village's own billing page (on the village host): status, invoices,
pay by card (Checkout), ask for a bank-transfer invoice, the Customer Portal."""
import stripe
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from shared_apps.accounts.permissions import VillagePermissionMixin
from shared_apps.accounts.roles import role_has_permission
from shared_apps.accounts.selectors import request_membership
from shared_apps.billing import payments
from shared_apps.billing.selectors import invoice_list, plan_default_paid, subscription_for_village

_STRIPE_DOWN = _("Layanan pembayaran tidak dapat dihubungi; tidak ada yang berubah. Coba lagi sebentar lagi.")


def _subscription(request):
    subscription = subscription_for_village(request.tenant)
    if subscription is None:
        raise Http404
    return subscription


class BillingView(VillagePermissionMixin, TemplateView):
    template_name = "billing/village.html"
    required = {"GET": "billing.view"}

    def get_context_data(self, **kwargs):
        subscription = _subscription(self.request)
        invoices = list(invoice_list(subscription=subscription, limit=20))
        return super().get_context_data(
            subscription=subscription, invoices=invoices, paid_plan=plan_default_paid(),
            open_invoice=next((i for i in invoices if i.status == "open"), None),
            can_manage=role_has_permission(request_membership(self.request).role, "billing.manage"),
            can_start=subscription.stripe_status not in ("active", "trialing", "past_due", "unpaid"),
            **kwargs,
        )


class _BillingAction(VillagePermissionMixin, View):
    required = {"POST": "billing.manage"}

    def post(self, request):
        subscription = _subscription(request)
        try:
            return self.act(request, subscription)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except stripe.StripeError:
            messages.error(request, _STRIPE_DOWN)
        return redirect("billing:overview")

    def act(self, request, subscription):
        raise NotImplementedError


class CardCheckoutView(_BillingAction):
    def act(self, request, subscription):
        url = payments.checkout_start(
            subscription=subscription,
            success_url=request.build_absolute_uri(reverse("billing:checkout-done")),
            cancel_url=request.build_absolute_uri(reverse("billing:overview")),
        )
        return redirect(url)


class BankTransferView(_BillingAction):
    def act(self, request, subscription):
        payments.bank_transfer_start(subscription=subscription, actor=request.user)
        messages.success(request, _("Tagihan dikirim ke %(email)s. Bayar dengan transfer bank sebelum jatuh tempo.")
                         % {"email": subscription.billing_email})
        return redirect("billing:overview")


class PortalView(_BillingAction):
    def act(self, request, subscription):
        return redirect(payments.portal_url(subscription=subscription,
                                            return_url=request.build_absolute_uri(reverse("billing:overview"))))


class CheckoutDoneView(VillagePermissionMixin, View):
    required = {"GET": "billing.view"}

    def get(self, request):
        subscription = _subscription(request)
        try:
            payments.checkout_finish(subscription=subscription, session_id=request.GET.get("session_id", ""))
            messages.success(request, _("Terima kasih, pembayaran diterima."))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        except stripe.StripeError:
            messages.error(request, _("Pembayaran belum dapat diperiksa; status akan diperbarui otomatis."))
        return redirect("billing:overview")
