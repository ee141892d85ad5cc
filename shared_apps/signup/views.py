"""Signup pages on the control plane: search, form, check your email, verify, progress."""
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from config.forms import add_service_errors
from shared_apps.signup.abuse import THROTTLED_LOOKUP, is_bot, lookup_refused, submit_refused, verification_mailed
from shared_apps.signup.forms import SignupForm
from shared_apps.signup.links import (
    SIGNUP, LinkExpired, LinkInvalid, verification_public_id, verification_url, village_login_url,
)
from shared_apps.signup.models import Signup
from shared_apps.signup.selectors import (
    signup_by_public_id, signup_progress_step, slug_suggest, village_hit, village_search,
)
from shared_apps.signup.services import signup_confirm, signup_start, signup_validate
from shared_apps.signup.validation import slug_check

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
SENT_KEY = "signup_sent"
# Past this, the progress page says it is taking longer than usual (a busy or stopped worker).
SLOW_AFTER = timedelta(minutes=2)
SIGNUP_FIELDS = ("slug", "operator_name", "email", "phone", "password", "plan_code")


def dev_mail_links_shown() -> bool:
    """Mails only go to the console (``make run``): show their links on the page, marked as such."""
    return settings.DEBUG and settings.EMAIL_BACKEND == CONSOLE_BACKEND


def form_values(form, fields) -> dict:
    """What the form could parse, empty where it could not: for a service's check of the rest."""
    return {field: form.cleaned_data.get(field) or "" for field in fields}


def remember_sent(request, *, email: str, kind: str, link: str = "") -> None:
    request.session[SENT_KEY] = {"email": email, "kind": kind,
                                 "link": link if link and dev_mail_links_shown() else ""}


def _hit_json(hit) -> dict:
    name = "signup:access" if hit.on_balai else "signup:form"
    return {**asdict(hit), "url": reverse(name, kwargs={"code": hit.code})}


def search_page(request):
    query = request.GET.get("q", "").strip()
    refused = bool(query) and lookup_refused(request)
    result = village_search(query) if query and not refused else None
    return render(request, "signup/search.html", {"query": query, "result": result,
                                                  "refused": THROTTLED_LOOKUP if refused else ""})


def search_json(request):
    if lookup_refused(request):
        return JsonResponse({"error": str(THROTTLED_LOOKUP)}, status=429)
    result = village_search(request.GET.get("q", ""))
    return JsonResponse({"too_short": result.too_short, "more": result.more,
                         "hits": [_hit_json(hit) for hit in result.hits]})


def slug_json(request):
    if lookup_refused(request):
        return JsonResponse({"ok": False, "message": str(THROTTLED_LOOKUP)}, status=429)
    try:
        slug = slug_check(request.GET.get("slug", ""))
    except ValidationError as exc:
        return JsonResponse({"ok": False, "message": " ".join(exc.messages)})
    host = f"{slug}.{settings.BALAI_BASE_DOMAIN}"
    return JsonResponse({"ok": True, "slug": slug, "message": _("%(host)s tersedia.") % {"host": host}})


def _unknown_village(request, code):
    return render(request, "signup/unknown_village.html", {"code": code}, status=404)


@sensitive_post_parameters("password", "password_again")
def signup_form(request, code):
    hit = village_hit(code)
    if hit is None:
        return _unknown_village(request, code)
    form = SignupForm(request.POST or None, initial={"slug": "" if hit.on_balai else slug_suggest(hit)})
    if request.method == "POST":
        if is_bot(request):
            remember_sent(request, email=request.POST.get("email", ""), kind=SIGNUP)
            return redirect("signup:check-email")
        refused = submit_refused(request, request.POST.get("email", ""))
        valid = form.is_valid()
        values = form_values(form, SIGNUP_FIELDS)
        try:
            if not valid or refused:
                signup_validate(village_code=hit.code, **values)  # every message at once
                signup = None
            else:
                signup = signup_start(village_code=hit.code, **values)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if signup is not None:
                verification_mailed(signup.email)
                remember_sent(request, email=signup.email, kind=SIGNUP,
                              link=verification_url(SIGNUP, signup.public_id))
                return redirect("signup:check-email")
        if refused:
            form.add_error(None, refused)
        form.forget_rejected_passwords()
    return render(request, "signup/form.html", {"hit": hit, "form": form,
                                                "base_domain": settings.BALAI_BASE_DOMAIN})


@never_cache
def check_email(request):
    return render(request, "signup/check_email.html", {"sent": request.session.get(SENT_KEY, {}),
                                                       "dev_mail": dev_mail_links_shown()})


def link_problem(request, *, expired: bool, start_url: str):
    return render(request, "signup/link_problem.html", {"expired": expired, "start_url": start_url},
                  status=410 if expired else 404)


def verify(request, token):
    try:
        signup = signup_by_public_id(verification_public_id(SIGNUP, token))
    except LinkExpired:
        return link_problem(request, expired=True, start_url=reverse("signup:search"))
    except LinkInvalid:
        signup = None
    if signup is None:
        return link_problem(request, expired=False, start_url=reverse("signup:search"))
    if signup.status != Signup.Status.UNVERIFIED:
        return redirect("signup:progress", public_id=signup.public_id)
    errors, slug = {}, None
    if request.method == "POST":
        slug = request.POST.get("slug")
        try:
            signup = signup_confirm(signup=signup, slug=slug)
        except ValidationError as exc:
            errors = exc.message_dict
        else:
            return redirect("signup:progress", public_id=signup.public_id)
    return render(request, "signup/verify.html", {
        "signup": signup, "errors": errors, "slug": signup.slug if slug is None else slug,
        "base_domain": settings.BALAI_BASE_DOMAIN,
        "access_url": reverse("signup:access", kwargs={"code": signup.village_code}),
    })


def _progress(signup: Signup) -> dict:
    if signup.status == Signup.Status.DONE and signup.village is not None:
        return {"state": "done", "step": _("Selesai"), "next": village_login_url(signup.village)}
    if signup.status == Signup.Status.FAILED:
        return {"state": "failed", "message": signup.failure,
                "retry": reverse("signup:form", kwargs={"code": signup.village_code})}
    waited = timezone.now() - (signup.verified_at or timezone.now())
    return {"state": "working", "step": signup_progress_step(signup) or _("Menunggu giliran"),
            "slow": waited > SLOW_AFTER}


@never_cache
def progress_page(request, public_id):
    signup = signup_by_public_id(public_id)
    if signup is None or signup.status == Signup.Status.UNVERIFIED:
        return link_problem(request, expired=False, start_url=reverse("signup:search"))
    progress = _progress(signup)
    if progress["state"] == "done":
        return redirect(progress["next"])
    return render(request, "signup/progress.html", {"signup": signup, "progress": progress})


@never_cache
def progress_json(request, public_id):
    signup = signup_by_public_id(public_id)
    if signup is None or signup.status == Signup.Status.UNVERIFIED:
        return JsonResponse({"state": "unknown"}, status=404)
    return JsonResponse(_progress(signup))
