"""Platform staff for tests: created the real way (with a TOTP device), and
clients signed in to the console with their second factor."""
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shared_apps.accounts.models import User
from shared_apps.accounts.services import SESSION_TENANT_KEY
from shared_apps.ops.staff import platform_staff_create
from tests.conftest import PASSWORD, host_client


def ops_user(role: str, email: str | None = None) -> User:
    return platform_staff_create(email=email or f"{role}@balai.test", role=role, password=PASSWORD).user


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


def ops_client(user: User) -> Client:
    """A console client whose session passed password and TOTP (as /ops/masuk/ leaves it)."""
    client = host_client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session[SESSION_TENANT_KEY] = "public"
    session.save()
    return client
