"""The mails of signup and access requests, composed from the database by id.

Sent by the ``signup.send_mail`` task after the transaction that asked for
them commits, so a rolled-back signup never mails anyone and a slow or failing
mail server never fails a request (the task retries).
"""
from smtplib import SMTPException

from celery import shared_task
from django.core.mail import send_mail
from django.db import connection, transaction
from django.template.loader import render_to_string

from shared_apps.accounts.models import User, VillageMembership
from shared_apps.accounts.roles import Role
from shared_apps.signup.links import ACCESS, SIGNUP, verification_url, village_access_requests_url, village_login_url
from shared_apps.signup.models import AccessRequest, Signup


def _render(template: str, context: dict) -> tuple[str, str]:
    """Subject (first line) and body of ``signup/mail/<template>.txt``."""
    subject, _newline, body = render_to_string(f"signup/mail/{template}.txt", context).strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def _signup_verify(signup: Signup) -> list[tuple[str, str, list[str]]]:
    context = {"signup": signup, "link": verification_url(SIGNUP, signup.public_id)}
    # No password hash: the email had an account when the signup started.
    template = "signup_verify" if signup.password_hash else "signup_existing_account"
    return [(*_render(template, context), [signup.email])]


def _access_verify(request: AccessRequest) -> list[tuple[str, str, list[str]]]:
    user = User.objects.filter(email__iexact=request.email).first()
    member = user is not None and VillageMembership.objects.filter(
        user=user, village=request.village, is_active=True).exists()
    context = {"request": request, "village": request.village, "existing_account": user is not None,
               "link": verification_url(ACCESS, request.public_id), "login_url": village_login_url(request.village)}
    return [(*_render("access_member" if member else "access_verify", context), [request.email])]


def _access_pending(request: AccessRequest) -> list[tuple[str, str, list[str]]]:
    operators = list(VillageMembership.objects.filter(
        village=request.village, role=Role.OPERATOR, is_active=True, user__is_active=True,
    ).values_list("user__email", flat=True))
    if not operators:
        return []
    context = {"request": request, "village": request.village, "link": village_access_requests_url(request.village)}
    return [(*_render("access_pending", context), operators)]


def _access_decided(request: AccessRequest) -> list[tuple[str, str, list[str]]]:
    context = {"request": request, "village": request.village, "login_url": village_login_url(request.village)}
    template = "access_approved" if request.status == AccessRequest.Status.APPROVED else "access_declined"
    return [(*_render(template, context), [request.email])]


_COMPOSERS = {
    "signup_verify": (Signup, _signup_verify),
    "access_verify": (AccessRequest, _access_verify),
    "access_pending": (AccessRequest, _access_pending),
    "access_decided": (AccessRequest, _access_decided),
}


@shared_task(name="signup.send_mail", time_limit=60, soft_time_limit=50,
             autoretry_for=(OSError, SMTPException), retry_backoff=True, max_retries=5)
def send_mail_task(*, kind: str, object_id: int) -> int:
    """Compose and send one kind of mail about one row; returns how many mails went out."""
    connection.set_schema_to_public()
    model, compose = _COMPOSERS[kind]
    row = model.objects.select_related(*(["village"] if model is AccessRequest else [])).filter(pk=object_id).first()
    if row is None:  # purged or rolled back meanwhile
        return 0
    sent = 0
    for subject, body, recipients in compose(row):
        sent += send_mail(subject, body, None, recipients)
    return sent


def mail_after_commit(kind: str, row) -> None:
    """Queue ``kind`` of mail about ``row`` once the current transaction commits."""
    if kind not in _COMPOSERS:
        raise ValueError(f"unknown mail {kind!r}")
    object_id = row.pk
    transaction.on_commit(lambda: send_mail_task.delay(kind=kind, object_id=object_id))
