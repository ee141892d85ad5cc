"""Writes of regional oversight: officials, refresh requests, audited exports."""
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.ops.audit import platform_audit_record
from shared_apps.oversight.models import Official, RollupRun
from shared_apps.regions.models import Region


@transaction.atomic
def official_create(*, email: str, password: str, region_code: str, actor=None) -> Official:
    """A regional official scoped to one kecamatan, kabupaten/kota or provinsi.

    A new account only: an email already on Balai (village staff, ops, another
    official) is refused, so no one is both village staff and an official.
    """
    region = Region.objects.filter(code=region_code.strip()).first()
    if region is None:
        raise ValidationError({"region": _("Kode wilayah %(code)s tidak ada dalam daftar wilayah Kemendagri.")
                               % {"code": region_code}})
    if region.level == Region.Level.DESA_KELURAHAN:
        raise ValidationError({"region": _("%(code)s adalah kode desa/kelurahan; pejabat wilayah ditugaskan pada "
                                           "kecamatan, kabupaten/kota atau provinsi.") % {"code": region.code}})
    email = User.objects.normalize_email(email.strip()).lower()
    if not email or "@" not in email:
        raise ValidationError({"email": _("Masukkan alamat email yang benar.")})
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Email ini sudah terdaftar di Balai.")})
    user = User(username=email, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from None
    user.set_password(password)
    user.save()
    official = Official.objects.create(user=user, region=region)
    platform_audit_record(actor, "oversight.official_create", details={"region": region.code, "user_id": user.pk})
    return official


@transaction.atomic
def rollup_refresh_request(*, actor, everything: bool = False) -> RollupRun:
    """Queue a refresh now (ops, on demand); follow it with ``selectors.rollup_run_progress``."""
    from shared_apps.oversight.tasks import refresh_rollups

    run = RollupRun.objects.create(everything=everything, requested_by=actor)
    platform_audit_record(actor, "oversight.refresh", details={"run": run.pk, "everything": everything})
    transaction.on_commit(lambda: refresh_rollups.apply_async(kwargs={"run_id": run.pk}))
    return run


def region_export_record(*, official: Official, region_code: str, file_format: str) -> None:
    """An official downloaded a region's figures: recorded in the platform audit log."""
    platform_audit_record(official.user, "oversight.export",
                          details={"region": region_code, "format": file_format})
