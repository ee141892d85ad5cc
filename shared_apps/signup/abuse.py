"""Rate limits and the honeypot of the signup pages (the accounts throttle's counters)."""
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.throttle import Counter, client_address, counters_exceeded, counters_increment

HOUR = 3600
SUBMITS_PER_ADDRESS = 20  # every POST of a signup or access-request form, valid or not
STARTS_PER_EMAIL = 5  # verification mails to one address
LOOKUPS_PER_ADDRESS = 600  # live village search and subdomain checks, per 10 minutes
# A field people never see; bots that fill every input fill it.
HONEYPOT_FIELD = "website"

THROTTLED_ADDRESS = _("Terlalu banyak pendaftaran dari jaringan Anda. Coba lagi dalam satu jam.")
THROTTLED_EMAIL = _("Sudah terlalu banyak email verifikasi dikirim ke alamat ini. Coba lagi dalam satu jam.")
THROTTLED_LOOKUP = _("Terlalu banyak pencarian. Tunggu beberapa menit, lalu coba lagi.")


def _address(request) -> Counter:
    return Counter(f"signup:address:{client_address(request)}", SUBMITS_PER_ADDRESS, HOUR)


def _email(email: str) -> Counter:
    return Counter(f"signup:email:{email.strip().lower()}", STARTS_PER_EMAIL, HOUR)


def _lookups(request) -> Counter:
    return Counter(f"signup:lookup:{client_address(request)}", LOOKUPS_PER_ADDRESS, 600)


def submit_refused(request, email: str) -> str | None:
    """Count a form submission; the message to show if it is over a limit, else None."""
    if counters_exceeded([_address(request)]):
        return str(THROTTLED_ADDRESS)
    counters_increment([_address(request)])
    if email and counters_exceeded([_email(email)]):
        return str(THROTTLED_EMAIL)
    return None


def verification_mailed(email: str) -> None:
    counters_increment([_email(email)])


def lookup_refused(request) -> bool:
    if counters_exceeded([_lookups(request)]):
        return True
    counters_increment([_lookups(request)])
    return False


def is_bot(request) -> bool:
    return bool(request.POST.get(HONEYPOT_FIELD, "").strip())
