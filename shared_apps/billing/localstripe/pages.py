"""Stand-ins for Stripe's hosted pages: Checkout, the invoice page, the Customer Portal.

Text is Indonesian as a village's treasurer would see it; these pages are not
Django's, so they do not go through gettext.
"""
from datetime import UTC, datetime
from html import escape

from shared_apps.billing.localstripe.sessions import customer_invoices, customer_subscriptions
from shared_apps.billing.localstripe.store import Store

_STYLE = ("body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}"
          ".box{border:1px solid #ccc;border-radius:8px;padding:1rem 1.5rem;margin:1rem 0}"
          "button{font-size:1rem;padding:.5rem 1.25rem}.note{color:#666;font-size:.9rem}")


def _page(title: str, body: str) -> bytes:
    return (f"<!doctype html><html lang='id'><head><meta charset='utf-8'><title>{escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body><p class='note'>Stripe lokal (pengembangan) — tidak ada uang "
            f"sungguhan</p><h1>{escape(title)}</h1>{body}</body></html>").encode()


def _rupiah(amount_in_cents: int) -> str:
    return "Rp " + f"{amount_in_cents // 100:,}".replace(",", ".")


def _date(timestamp) -> str:
    return datetime.fromtimestamp(timestamp, tz=UTC).strftime("%d-%m-%Y") if timestamp else "–"


def checkout_page(store: Store, session: dict) -> bytes:
    price = store.get(session["line_items_price"])
    product = store.get(price["product"])
    if session["status"] != "open":
        return _page("Checkout", f"<p>Sesi pembayaran ini sudah {escape(session['status'])}.</p>")
    cancel = f"<a href='{escape(session['cancel_url'])}'>Batal</a>" if session.get("cancel_url") else ""
    return _page("Pembayaran dengan kartu", f"""
<div class='box'><p><strong>{escape(product['name'])}</strong></p>
<p data-testid='amount'>{_rupiah(price['unit_amount'])} per tahun</p></div>
<form method='post' action='/checkout/{escape(session['id'])}/pay' class='box'>
<label>Nomor kartu <input name='card' value='4242 4242 4242 4242' autocomplete='off'></label>
<p><button type='submit'>Bayar</button> {cancel}</p></form>""")


def invoice_page(store: Store, invoice: dict, message: str = "") -> bytes:
    paid = invoice["status"] == "paid"
    pay = ("" if invoice["status"] != "open" else
           f"<form method='post' action='/invoice/{escape(invoice['id'])}/pay'><button>Bayar dengan kartu</button></form>")
    return _page(f"Tagihan {invoice['number']}", f"""
<div class='box'><p>Jumlah: <strong>{_rupiah(invoice['amount_due'])}</strong></p>
<p>Status: <strong data-testid='invoice-status'>{'Lunas' if paid else escape(invoice['status'])}</strong></p>
<p>Jatuh tempo: {_date(invoice.get('due_date'))}</p>
<p>Transfer bank ke rekening virtual <strong>8808 {escape(invoice['id'][-8:])}</strong> (contoh) dengan berita
{escape(invoice['number'])}. Tim Balai menandai lunas setelah dana diterima.</p></div>
{f"<p role='status'>{escape(message)}</p>" if message else ""}{pay}""")


def portal_page(store: Store, session: dict) -> bytes:
    rows = []
    for subscription in customer_subscriptions(store, session["customer"]):
        end = _date(subscription["items"]["data"][0]["current_period_end"])
        if subscription["status"] == "canceled":
            action = "berhenti"
        elif subscription["cancel_at_period_end"]:
            action = f"berhenti pada {end}"
        else:
            action = (f"<form method='post' action='/portal/{escape(session['id'])}/cancel/{escape(subscription['id'])}'>"
                      f"<button>Berhenti di akhir periode ({end})</button></form>")
        rows.append(f"<div class='box'><p>Langganan: {escape(subscription['status'])}</p>{action}</div>")
    invoices = "".join(
        f"<li><a href='/invoice/{escape(i['id'])}'>{escape(i['number'])}</a> {_rupiah(i['amount_due'])} "
        f"— {escape(i['status'])}</li>" for i in customer_invoices(store, session["customer"]))
    back = f"<p><a href='{escape(session['return_url'])}'>Kembali ke Balai</a></p>" if session.get("return_url") else ""
    return _page("Portal penagihan", "".join(rows) + f"<h2>Tagihan</h2><ul>{invoices}</ul>{back}")
