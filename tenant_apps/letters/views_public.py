"""The public verification page a letter's QR code leads to. It confirms a
letter without revealing personal data: number, type, date, masked name."""
from django.shortcuts import redirect, render
from django.views import View

from shared_apps.accounts.throttle import address_count, address_limited
from tenant_apps.letters.models import Letter

# Unknown codes one address may try per window: enough for typos, far too
# few to guess a code (12 characters of 31).
MISSES_PER_ADDRESS = 30


class VerificationView(View):
    def get(self, request, code=None):
        if code is None:
            typed = request.GET.get("kode", "").strip().upper()
            return redirect("letters:verify", code=typed) if typed else render(request, "letters/verify.html", {})
        if address_limited(request, "letter-verify", MISSES_PER_ADDRESS):
            return render(request, "letters/verify.html", {"code": code, "limited": True}, status=429)
        letter = (Letter.objects.select_related("letter_type").exclude(status=Letter.Status.AWAITING_VERIFICATION)
                  .filter(verification_code=code.upper()).first())
        if letter is None:
            address_count(request, "letter-verify")
        return render(request, "letters/verify.html", {"letter": letter, "code": code}, status=200 if letter else 404)
