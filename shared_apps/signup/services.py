"""Signing a village up: start (email sent), confirm (email verified), provision (task).

Nothing is provisioned before the email is verified. Until then the signup
keeps what was typed in public, the password only as a hash. An email that
already has an account gets the same answer and a mail saying what to do.
"""
import logging

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.accounts.services import user_create_prehashed
from shared_apps.billing.services import subscription_start
from shared_apps.signup.mail import mail_after_commit
from shared_apps.signup.models import Signup
from shared_apps.signup.validation import (
    collect, email_normalize, password_check, person_name_clean, phone_normalize, plan_for_signup, region_for_signup,
    slug_check, village_code_free,
)
from tenants.services import village_provision
from tenants.tasks import provisioning_progress_key

logger = logging.getLogger(__name__)
PROGRESS_SECONDS = 3600


def signup_validate(*, village_code: str, slug: str, operator_name: str, email: str, phone: str, password: str,
                    plan_code: str) -> dict:
    """The cleaned values, or a ``ValidationError`` with every field's errors at once."""
    errors: dict[str, list] = {}
    region = collect(errors, "village_code", region_for_signup, village_code)
    if region is not None:
        collect(errors, "village_code", village_code_free, region.code)
    slug = collect(errors, "slug", slug_check, slug)
    name = collect(errors, "operator_name", person_name_clean, operator_name)
    email = collect(errors, "email", email_normalize, email)
    phone = collect(errors, "phone", phone_normalize, phone)
    collect(errors, "plan_code", plan_for_signup, plan_code)
    collect(errors, "password", password_check, password, email=email or "", name=name or "")
    if errors:
        raise ValidationError(errors)
    return {"region": region, "slug": slug, "operator_name": name, "email": email, "phone": phone,
            "plan_code": plan_code}


@transaction.atomic
def signup_start(*, village_code: str, slug: str, operator_name: str, email: str, phone: str, password: str,
                 plan_code: str) -> Signup:
    """Record a signup and mail its verification link. Every field error at once, keyed by field."""
    clean = signup_validate(village_code=village_code, slug=slug, operator_name=operator_name, email=email,
                            phone=phone, password=password, plan_code=plan_code)
    region = clean.pop("region")
    # Hashed either way, so the time taken does not tell whether the email has an account.
    password_hash = make_password(password)
    has_account = User.objects.filter(email__iexact=clean["email"]).exists()
    signup = Signup.objects.create(
        village_code=region.code, village_name=region.name, **clean, password_hash="" if has_account else password_hash,
    )
    mail_after_commit("signup_verify", signup)
    return signup


@transaction.atomic
def signup_confirm(*, signup: Signup, slug: str | None = None) -> Signup:
    """The email is verified: queue the provisioning. Idempotent; ``slug`` replaces a subdomain
    that another village took meanwhile."""
    if signup.status != Signup.Status.UNVERIFIED:
        return signup
    errors: dict[str, list] = {}
    collect(errors, "village_code", village_code_free, signup.village_code)
    new_slug = collect(errors, "slug", slug_check, signup.slug if slug is None else slug)
    if errors:
        raise ValidationError(errors)
    updated = Signup.objects.filter(pk=signup.pk, status=Signup.Status.UNVERIFIED).update(
        status=Signup.Status.VERIFIED, slug=new_slug, verified_at=timezone.now()
    )
    if updated:
        from shared_apps.signup.tasks import signup_provision_task

        signup_id = signup.pk
        transaction.on_commit(lambda: signup_provision_task.delay(signup_id=signup_id))
    signup.refresh_from_db()
    return signup


def _fail(signup_id: int, message: str) -> None:
    Signup.objects.filter(pk=signup_id, status=Signup.Status.VERIFIED).update(
        status=Signup.Status.FAILED, failure=message, finished_at=timezone.now(), password_hash=""
    )


def signup_provision(*, signup_id: int) -> Signup:
    """Create the account (from the stored hash), the village and its subscription in one transaction.

    Runs in the ``signup.provision`` task. Only a verified signup is provisioned,
    once (row lock + status); a refusal (the code or subdomain was taken
    meanwhile) marks it failed with the reason for the progress page.
    """
    connection.set_schema_to_public()
    signup = Signup.objects.get(pk=signup_id)
    key = provisioning_progress_key(signup.village_code)

    def progress(message: str) -> None:
        cache.set(key, message, timeout=PROGRESS_SECONDS)

    try:
        with transaction.atomic():
            signup = Signup.objects.select_for_update().get(pk=signup_id)
            if signup.status != Signup.Status.VERIFIED:
                return signup
            if signup.password_hash and not User.objects.filter(email__iexact=signup.email).exists():
                user_create_prehashed(email=signup.email, full_name=signup.operator_name,
                                      password_hash=signup.password_hash)
            village = village_provision(
                code=signup.village_code, slug=signup.slug, admin_email=signup.email,
                plan=signup.plan_code, progress=progress,
            )
            subscription_start(village=village, plan_code=signup.plan_code, billing_email=signup.email)
            signup.status, signup.village, signup.finished_at = Signup.Status.DONE, village, timezone.now()
            signup.password_hash = ""
            signup.save(update_fields=["status", "village", "finished_at", "password_hash"])
    except ValidationError as exc:
        messages = [message for field_messages in exc.message_dict.values() for message in field_messages]
        _fail(signup_id, " ".join(messages))
        cache.delete(key)
    except Exception:
        logger.exception("signup %s: provisioning failed", signup_id)
        _fail(signup_id, _("Terjadi kesalahan saat menyiapkan desa. Tim Balai sudah diberi tahu; coba lagi nanti."))
        cache.delete(key)
        raise
    signup.refresh_from_db()
    return signup


@transaction.atomic
def signups_purge(*, older_than) -> int:
    """Unverified signups past their link's life are deleted, password hashes with them."""
    deleted, _by_model = Signup.objects.filter(status=Signup.Status.UNVERIFIED, created_at__lt=older_than).delete()
    return deleted
