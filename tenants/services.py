"""Creating villages. ``village_provision`` is the one way a village comes to be."""
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_exists, tenant_context

from shared_apps.accounts.models import User
from shared_apps.accounts.roles import Role
from shared_apps.accounts.services import staff_create, staff_grant
from shared_apps.fleet.versions import version_of
from shared_apps.regions.models import Region
from shared_apps.regions.selectors import region_ancestry, region_get
from tenant_apps.village.services import profile_initialize
from tenants.models import PUBLIC_SCHEMA, Domain, Village
from tenants.provisioning.template import template_migrations, template_sql
from tenants.routing import routing_forget
from tenants.signals import village_initialized
from tenants.selectors import village_host
from tenants.validators import check_slug_format, check_village_code_format, schema_name_for

ProgressFn = Callable[[str], None]


def village_code_check(code: str) -> Region:
    """The region of a code that may get a new village: on the Kemendagri list, a
    desa/kelurahan, no village yet, no schema left behind. Else ``ValidationError``."""
    region = region_get(code)
    if region is None:
        check_village_code_format(code)
        raise ValidationError(_("Kode %(code)s tidak ada dalam daftar wilayah Kemendagri.") % {"code": code})
    if region.level != Region.Level.DESA_KELURAHAN:
        raise ValidationError(
            _("Kode %(code)s adalah %(level)s, bukan desa/kelurahan.")
            % {"code": code, "level": region.get_level_display().lower()}
        )
    existing = Village.objects.filter(code=code).first()
    if existing is not None:
        raise ValidationError(
            _("Desa dengan kode %(code)s sudah terdaftar di Balai (%(slug)s).") % {"code": code, "slug": existing.slug},
            code="taken",
        )
    if schema_exists(schema_name_for(code)):
        # Left by a village row deleted by hand: never overwrite data silently.
        raise ValidationError(
            _("Basis data masih menyimpan skema lama untuk kode %(code)s; tim ops perlu memeriksanya.")
            % {"code": code},
            code="orphan_schema",
        )
    return region


def village_slug_check(slug: str) -> None:
    """A subdomain a new village may take, else ``ValidationError``."""
    check_slug_format(slug)
    if Village.objects.filter(slug=slug).exists():
        raise ValidationError(_("Subdomain “%(slug)s” sudah dipakai desa lain.") % {"slug": slug}, code="taken")


def _validate(*, code: str, slug: str, name: str | None, admin_email: str, admin_password: str | None):
    """All field errors at once, as a ``ValidationError`` keyed by field."""
    errors: dict[str, list] = {}
    region = None
    try:
        region = village_code_check(code)
    except ValidationError as exc:
        errors["code"] = exc.messages
    try:
        village_slug_check(slug)
    except ValidationError as exc:
        errors["slug"] = exc.messages
    if name is not None and not (1 <= len(name.strip()) <= Village._meta.get_field("name").max_length):
        errors["name"] = [_("Nama desa harus 1–100 karakter.")]
    try:
        validate_email(admin_email)
        exists = User.objects.filter(email__iexact=admin_email).exists()
        if admin_password is None and not exists:
            raise ValidationError(_("Tidak ada akun dengan email ini; berikan juga kata sandinya."))
        if admin_password is not None and exists:
            raise ValidationError(_("Email ini sudah terdaftar di Balai."))
    except ValidationError as exc:
        errors["admin_email"] = exc.messages
    if admin_password is not None:
        try:
            validate_password(admin_password, User(username=admin_email, email=admin_email))
        except ValidationError as exc:
            errors["admin_password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return region


def village_schema_create(schema_name: str) -> None:
    """A new schema from the template; call inside the caller's transaction."""
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE SCHEMA "{schema_name}"')
        # Only the new schema on the path: the template cannot touch anything else.
        cursor.execute(f'SET LOCAL search_path = "{schema_name}"')
        cursor.execute(template_sql())
    # SET LOCAL lasts until commit; make django-tenants send the session's
    # path again before the next statement of this transaction.
    connection.search_path_set_schemas = None


def village_provision(
    *,
    code: str,
    slug: str,
    admin_email: str,
    admin_password: str | None = None,
    name: str | None = None,
    plan: str = "trial",
    progress: ProgressFn | None = None,
) -> Village:
    """Create a ready village: schema from the template, profile, domain, first operator.

    One transaction: a failure leaves nothing behind and the same call can be
    retried. A second call for a code that exists is refused (ValidationError
    on ``code``), so a code never gets two villages, also under concurrency
    (unique constraints). With ``admin_password`` a new operator account is
    created; without it the account with ``admin_email`` must already exist.
    """
    report = progress or (lambda _message: None)
    code, slug, admin_email = code.strip(), slug.strip().lower(), admin_email.strip().lower()
    report(_("Memeriksa data desa"))
    connection.set_schema_to_public()
    region = _validate(code=code, slug=slug, name=name, admin_email=admin_email, admin_password=admin_password)
    try:
        with transaction.atomic():
            village = Village.objects.create(
                schema_name=schema_name_for(code), code=code, slug=slug, plan=plan,
                name=(name or region.name).strip(), status=Village.Status.ACTIVE, activated_at=timezone.now(),
                schema_version=version_of(template_migrations()),
            )
            Domain.objects.create(domain=village_host(village), tenant=village, is_primary=True)
            report(_("Membuat skema desa dari templat"))
            village_schema_create(village.schema_name)
            report(_("Mengisi profil desa"))
            with tenant_context(village):
                profile_initialize(village=village, ancestry=region_ancestry(region))
                village_initialized.send(sender=Village, village=village)
            report(_("Membuat akun operator"))
            if admin_password is None:
                staff_grant(village=village, user=User.objects.get(email__iexact=admin_email), role=Role.OPERATOR)
            else:
                staff_create(village=village, email=admin_email, password=admin_password, role=Role.OPERATOR)
    except IntegrityError:
        # Lost a race with a concurrent call for the same code or slug: say which.
        _validate(code=code, slug=slug, name=name, admin_email=admin_email, admin_password=admin_password)
        raise
    routing_forget([village_host(village)])
    report(_("Selesai"))
    return village


@transaction.atomic
def platform_ensure_public_tenant() -> Village:
    """The control plane's tenant and its domain (the base domain). Idempotent."""
    public, _created = Village.objects.get_or_create(
        schema_name=PUBLIC_SCHEMA, defaults={"name": "Balai", "status": Village.Status.ACTIVE}
    )
    Domain.objects.filter(tenant=public).exclude(domain=settings.BALAI_BASE_DOMAIN).update(is_primary=False)
    Domain.objects.update_or_create(
        domain=settings.BALAI_BASE_DOMAIN, defaults={"tenant": public, "is_primary": True}
    )
    routing_forget()
    return public
