"""The links Balai mails: signed, expiring verification links, and absolute addresses.

A verification token is the row's ``public_id`` signed with a salt per kind
(a signup link cannot verify an access request) and a timestamp; it expires
after ``VERIFY_MAX_AGE``. The row's status makes a second use harmless.
"""
import uuid
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from tenants.selectors import village_url

VERIFY_MAX_AGE = timedelta(hours=48)
SIGNUP, ACCESS = "signup", "access"


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def _salt(kind: str) -> str:
    return f"balai.signup.verify.{kind}"


def verification_token(kind: str, public_id: uuid.UUID) -> str:
    return signing.dumps(str(public_id), salt=_salt(kind), compress=False)


def verification_public_id(kind: str, token: str) -> uuid.UUID:
    """The id the token was made for; ``LinkExpired`` or ``LinkInvalid`` otherwise."""
    try:
        value = signing.loads(token, salt=_salt(kind), max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    try:
        return uuid.UUID(value)
    except (TypeError, ValueError, AttributeError):
        raise LinkInvalid from None


def control_plane_url(path: str) -> str:
    port = settings.BALAI_URL_PORT
    default_port = {"http": 80, "https": 443}.get(settings.BALAI_URL_SCHEME)
    suffix = f":{port}" if port and port != default_port else ""
    return f"{settings.BALAI_URL_SCHEME}://{settings.BALAI_BASE_DOMAIN}{suffix}{path}"


def verification_url(kind: str, public_id: uuid.UUID) -> str:
    name = "signup:verify" if kind == SIGNUP else "signup:access-verify"
    return control_plane_url(reverse(name, kwargs={"token": verification_token(kind, public_id)},
                                     urlconf="config.urls_public"))


def village_login_url(village) -> str:
    return village_url(village) + reverse("accounts:login", urlconf="config.urls_tenant").lstrip("/")


def village_access_requests_url(village) -> str:
    return village_url(village) + reverse("access:requests", urlconf="config.urls_tenant").lstrip("/")
