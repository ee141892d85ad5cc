"""/ops/billing/: subscriptions by status, invoices, mark paid, extend a trial."""
import stripe
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.billing.forms import ExtendTrialForm, ReasonForm
from shared_apps.billing.models import Invoice, Subscription
from shared_apps.billing.ops_access import billing_manage_required, billing_view_required
from shared_apps.billing.payments import invoice_mark_paid
from shared_apps.billing.selectors import (
    billing_audit_list, invoice_list, subscription_counts_by_status, subscription_list,
)
from shared_apps.billing.services import subscription_extend_trial


@billing_view_required
def billing_overview(request):
    status = request.GET.get("status") or None
    if status not in Subscription.Status.values:
        status = None
    return render(request, "billing/ops.html", {
        "counts": [(value, label, n) for (value, label), n in
                   zip(Subscription.Status.choices, subscription_counts_by_status().values(), strict=True)],
        "status": status, "subscriptions": subscription_list(status=status)[:500],
        "invoices": invoice_list(), "audit": billing_audit_list(),
    })


def _report(request, error: ValidationError | None, success: str):
    if error is None:
        messages.success(request, success)
    else:
        messages.error(request, " ".join(error.messages))
    return redirect("billing-ops:overview")


@billing_manage_required
@require_POST
def invoice_mark_paid_view(request, pk: int):
    invoice = get_object_or_404(Invoice.objects.select_related("subscription__village"), pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _report(request, ValidationError(form.errors["reason"]), "")
    try:
        invoice_mark_paid(invoice=invoice, actor=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _report(request, exc, "")
    except stripe.StripeError:
        return _report(request, ValidationError(_("Stripe tidak dapat dihubungi; tidak ada yang berubah. Coba lagi.")), "")
    return _report(request, None, _("Tagihan %(number)s ditandai lunas.") % {"number": invoice.number})


@billing_manage_required
@require_POST
def subscription_extend_trial_view(request, pk: int):
    subscription = get_object_or_404(Subscription.objects.select_related("village"), pk=pk)
    form = ExtendTrialForm(request.POST)
    if not form.is_valid():
        return _report(request, ValidationError([e for errors in form.errors.values() for e in errors]), "")
    try:
        subscription_extend_trial(subscription=subscription, actor=request.user, **form.cleaned_data)
    except ValidationError as exc:
        return _report(request, exc, "")
    return _report(request, None, _("Uji coba %(village)s diperpanjang.") % {"village": subscription.village.name})
