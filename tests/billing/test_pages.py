"""The village's billing page (village host) and /ops/billing/ (control plane)."""
from datetime import timedelta

from shared_apps.billing.models import Invoice, Subscription
from shared_apps.billing.payments import bank_transfer_start
from shared_apps.ops.models import PlatformAuditEntry
from shared_apps.ops.roles import PlatformRole
from tests.conftest import PASSWORD, host_client
from tests.ops.helpers import ops_client, ops_user


def _signed_in(village=None, email=None):
    client = host_client(village)
    assert client.post("/masuk/", {"username": email or f"operator@{village.slug}.test",
                                   "password": PASSWORD}).status_code == 302
    return client


# --- the village's page -----------------------------------------------------------------
def test_operator_sees_the_trial_and_asks_for_a_bank_transfer_invoice(local_stripe, trial, sukamaju):
    client = _signed_in(sukamaju)
    page = client.get("/langganan/").content.decode()
    assert 'data-testid="subscription-status">Masa uji coba<' in page and "Rp 2.400.000" in page
    response = client.post("/langganan/transfer/", follow=True)
    assert "Tagihan dikirim ke bendahara@sukamaju.test" in response.content.decode()
    invoice = Invoice.objects.get(subscription=trial)
    assert invoice.status == Invoice.Status.OPEN and invoice.amount_due_idr == 2_400_000
    assert invoice.collection_method == "send_invoice" and invoice.due_at is not None
    stripe_subscription = local_stripe.store.get(Subscription.objects.get(pk=trial.pk).stripe_subscription_id)
    assert stripe_subscription["metadata"]["village"] == sukamaju.code
    # A second click does not make a second subscription.
    again = client.post("/langganan/transfer/", follow=True).content.decode()
    assert "sudah berjalan" in again
    assert len([o for o in local_stripe.store.objects.values() if o["object"] == "subscription"]) == 1


def test_card_button_leads_to_checkout_with_the_village_code(local_stripe, trial, sukamaju):
    response = _signed_in(sukamaju).post("/langganan/kartu/")
    assert response.status_code == 302 and response["Location"].startswith(local_stripe.url + "/checkout/cs_test_")
    session = local_stripe.store.get(response["Location"].rsplit("/", 1)[1])
    assert session["subscription_data"]["metadata"]["village"] == sukamaju.code
    assert session["success_url"].startswith("http://sukamaju.localhost/langganan/kartu/selesai/")


def test_checkout_return_for_another_village_session_is_refused(local_stripe, trial, senggigi_trial, sukamaju, senggigi):
    location = _signed_in(senggigi).post("/langganan/kartu/")["Location"]
    page = _signed_in(sukamaju).get("/langganan/kartu/selesai/", {"session_id": location.rsplit("/", 1)[1]}, follow=True)
    assert "bukan milik desa ini" in page.content.decode()


def test_stripe_unreachable_is_a_clear_message_and_changes_nothing(settings, trial, sukamaju):
    settings.STRIPE_API_BASE = "http://127.0.0.1:9"
    settings.STRIPE_SECRET_KEY = ""
    page = _signed_in(sukamaju).post("/langganan/transfer/", follow=True).content.decode()
    assert "tidak dapat dihubungi" in page
    assert Subscription.objects.get(pk=trial.pk).stripe_customer_id is None


def test_viewer_and_other_villages_cannot_use_the_billing_page(trial, sukamaju, senggigi):
    viewer = _signed_in(sukamaju, "viewer@sukamaju.test")
    assert viewer.get("/langganan/").status_code == 403
    sekretaris_like = _signed_in(sukamaju, "kades@sukamaju.test")
    assert sekretaris_like.get("/langganan/").status_code == 200
    # Senggigi's operator has no standing on Sukamaju's host.
    other = host_client(sukamaju)
    other.post("/masuk/", {"username": "operator@senggigi.test", "password": PASSWORD})
    assert other.get("/langganan/").status_code in (302, 403)
    assert other.post("/langganan/transfer/").status_code in (302, 403)


# --- ops (the console's roles) ---------------------------------------------------------------------------------
def test_ops_billing_is_for_billing_and_ops_admin_roles(trial, sukamaju):
    assert host_client().get("/ops/billing/").status_code == 302  # to the ops sign-in
    operator = host_client()
    operator.post("/masuk/", {"username": "operator@sukamaju.test", "password": PASSWORD})
    assert operator.get("/ops/billing/").status_code == 302
    assert ops_client(ops_user(PlatformRole.OPS_SUPPORT)).get("/ops/billing/").status_code == 403
    assert host_client(sukamaju).get("/ops/billing/").status_code == 404  # not on a village host
    ops = ops_client(ops_user(PlatformRole.BILLING))
    page = ops.get("/ops/billing/").content.decode()
    assert f'data-testid="subscription-{sukamaju.code}"' in page and 'data-testid="count-trialing">Masa uji coba (1)' in page
    assert f'data-testid="subscription-{sukamaju.code}"' not in ops.get("/ops/billing/", {"status": "active"}).content.decode()
    assert ops_client(ops_user(PlatformRole.OPS_ADMIN)).get("/ops/billing/").status_code == 200


def test_ops_marks_an_invoice_paid_with_a_reason(local_stripe, trial):
    bank_transfer_start(subscription=trial, actor=None)
    invoice = Invoice.objects.get(subscription=trial)
    billing_staff = ops_user(PlatformRole.BILLING)
    ops = ops_client(billing_staff)
    url = f"/ops/billing/invoices/{invoice.pk}/mark-paid/"
    assert ops_client(ops_user(PlatformRole.OPS_SUPPORT)).post(url, {"reason": "x"}).status_code == 403
    no_reason = ops.post(url, {"reason": "  "}, follow=True).content.decode()
    assert "Alasan wajib diisi." in no_reason
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.OPEN
    done = ops.post(url, {"reason": "Transfer BRI 25-11 diterima"}, follow=True).content.decode()
    assert "ditandai lunas" in done
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID
    assert Subscription.objects.get(pk=trial.pk).status == Subscription.Status.ACTIVE
    entry = PlatformAuditEntry.objects.get(action="invoice.mark_paid")
    assert entry.actor == billing_staff and entry.reason == "Transfer BRI 25-11 diterima"
    assert entry.village_id == trial.village_id
    again = ops.post(url, {"reason": "lagi"}, follow=True).content.decode()
    assert "Hanya tagihan yang masih terbuka" in again


def test_ops_extends_a_trial_with_a_reason(trial):
    ops = ops_client(ops_user(PlatformRole.BILLING))
    url = f"/ops/billing/subscriptions/{trial.pk}/extend-trial/"
    assert "Jumlah hari harus angka." in ops.post(url, {"days": "x", "reason": "r"}, follow=True).content.decode()
    ops.post(url, {"days": "14", "reason": "APBDes cair bulan depan"})
    extended = Subscription.objects.get(pk=trial.pk)
    assert abs(extended.trial_ends_at - (trial.trial_ends_at + timedelta(days=14))) < timedelta(seconds=1)
    assert PlatformAuditEntry.objects.get(action="subscription.trial_extend").reason == "APBDes cair bulan depan"


def test_staff_see_when_payment_is_late_and_when_suspension_comes(trial, sukamaju):
    client = _signed_in(sukamaju)
    assert 'data-testid="billing-notice"' not in client.get("/").content.decode()
    Subscription.objects.filter(pk=trial.pk).update(status=Subscription.Status.PAST_DUE)
    assert "lewat jatuh tempo" in client.get("/").content.decode()
    grace_end = trial.trial_ends_at + timedelta(days=21)
    Subscription.objects.filter(pk=trial.pk).update(status=Subscription.Status.GRACE, grace_ends_at=grace_end)
    page = client.get("/penduduk/").content.decode()
    assert 'data-testid="billing-notice"' in page and grace_end.astimezone().strftime("%d-%m-") in page
    assert 'data-testid="billing-notice"' not in host_client(sukamaju).get("/masuk/").content.decode()
