"""Paying Balai in a real browser: the village's billing page, the local
Stripe's Checkout page, the signed webhooks back to the live server, and ops
marking a bank transfer paid on /ops/billing/."""
from urllib.parse import urlsplit

import pytest

from shared_apps.billing.localstripe.server import LocalStripe
from shared_apps.billing.models import Invoice, Payment, StripeEvent, Subscription
from shared_apps.billing.services import subscription_start
from shared_apps.ops.roles import PlatformRole
from tenants.models import Village
from tenants.routing import routing_forget
from tests.billing.conftest import WEBHOOK_PATH, WEBHOOK_SECRET
from tests.browser.test_staff_sign_in import _sign_in, _village_url
from tests.conftest import PASSWORD
from tests.ops.helpers import current_code, ops_user

pytestmark = pytest.mark.browser


@pytest.fixture
def stripe_for_live_server(live_server, settings, transactional_db):
    server = LocalStripe(webhook_url=live_server.url + WEBHOOK_PATH, webhook_secret=WEBHOOK_SECRET,
                         webhook_host="localhost").start()
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_API_BASE = server.url
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    yield server
    server.stop()


def test_operator_pays_by_card_through_checkout(live_server, committed_villages, stripe_for_live_server, page):
    sukamaju = committed_villages["sukamaju"]
    subscription = subscription_start(village=sukamaju, plan_code="trial", billing_email="bendahara@sukamaju.test")
    _sign_in(page, live_server, "sukamaju", "operator@sukamaju.test")
    page.wait_for_url(_village_url(live_server, "sukamaju", "/"))
    page.get_by_role("link", name="Langganan").click()
    assert page.get_by_test_id("subscription-status").inner_text() == "Masa uji coba"

    page.get_by_role("button", name="Bayar dengan kartu").click()
    page.wait_for_url(stripe_for_live_server.url + "/checkout/**")
    assert page.get_by_test_id("amount").inner_text() == "Rp 2.400.000 per tahun"
    page.get_by_role("button", name="Bayar").click()

    page.wait_for_url(_village_url(live_server, "sukamaju", "/langganan/"))
    assert page.get_by_role("status").inner_text().strip() == "Terima kasih, pembayaran diterima."
    assert page.get_by_test_id("subscription-status").inner_text() == "Aktif"

    stripe_for_live_server.sender.drain()
    assert not stripe_for_live_server.sender.failures
    paid = Subscription.objects.get(pk=subscription.pk)
    assert paid.status == Subscription.Status.ACTIVE and paid.stripe_subscription_id
    assert StripeEvent.objects.filter(type="checkout.session.completed", subscription=paid).count() == 1
    assert Payment.objects.filter(invoice__subscription=paid).count() == 1  # the return page and the webhook agree


def test_ops_marks_a_bank_transfer_paid(live_server, committed_villages, stripe_for_live_server, page):
    senggigi = committed_villages["senggigi"]
    subscription = subscription_start(village=senggigi, plan_code="tahunan", billing_email="bendahara@senggigi.test")
    billing_staff = ops_user(PlatformRole.BILLING)
    _sign_in(page, live_server, "senggigi", "operator@senggigi.test")
    page.goto(_village_url(live_server, "senggigi", "/langganan/"))
    page.get_by_role("button", name="Minta tagihan (transfer bank)").click()
    assert "Tagihan dikirim ke bendahara@senggigi.test" in page.get_by_role("status").inner_text()
    invoice = Invoice.objects.get(subscription=subscription)

    console = f"http://localhost:{urlsplit(live_server.url).port}/ops/billing/"
    page.goto(console)
    assert "/ops/masuk/" in page.url
    page.get_by_label("Email").fill(billing_staff.email)
    page.get_by_label("Kata sandi").fill(PASSWORD)
    page.get_by_label("Kode autentikator (6 angka)").fill(current_code(billing_staff))
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(console)
    row = page.get_by_test_id(f"invoice-{invoice.number}")
    row.get_by_role("textbox", name="Alasan").fill("Transfer Bank NTB 26-11 diterima")
    row.get_by_role("button", name="Tandai lunas").click()
    assert "ditandai lunas" in page.get_by_role("status").inner_text()
    assert page.get_by_test_id("count-active").inner_text() == "Aktif (1)"

    stripe_for_live_server.sender.drain()
    assert Subscription.objects.get(pk=subscription.pk).status == Subscription.Status.ACTIVE
    assert Invoice.objects.get(pk=invoice.pk).status == Invoice.Status.PAID


def test_suspended_village_shows_the_notice_and_refuses_a_new_resident(live_server, committed_villages, page):
    senggigi = committed_villages["senggigi"]
    Village.objects.filter(pk=senggigi.pk).update(status=Village.Status.SUSPENDED)
    routing_forget()
    _sign_in(page, live_server, "senggigi", "operator@senggigi.test")
    page.wait_for_url(_village_url(live_server, "senggigi", "/"))
    assert "tidak dapat diubah" in page.get_by_test_id("village-notice").inner_text()
    page.goto(_village_url(live_server, "senggigi", "/penduduk/baru/"))
    page.get_by_label("Nama *").fill("Siti Aminah")
    page.get_by_label("Jenis kelamin *").select_option("2")
    page.get_by_label("Tanggal lahir *").fill("1990-03-05")
    page.get_by_label("Agama *").select_option("1")
    page.get_by_label("Status perkawinan *").select_option("2")
    page.get_by_role("button", name="Simpan").click()
    assert page.get_by_role("heading", name="Perubahan tidak disimpan").is_visible()
    page.goto(_village_url(live_server, "senggigi", "/penduduk/"))
    assert "Siti Aminah" not in page.content()
