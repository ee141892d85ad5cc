"""`balai demo`: the two demo villages of `make run`, with staff accounts. Idempotent."""
from django.core.management.base import BaseCommand
from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User
from shared_apps.accounts.roles import Role
from shared_apps.accounts.services import staff_create
from shared_apps.billing.services import subscription_start
from shared_apps.ops.roles import PlatformRole
from shared_apps.ops.staff import platform_staff_create
from shared_apps.oversight.services import official_create
from shared_apps.regions.services import SAMPLE_PATH, regions_load
from tenant_apps.letters.models import Official as LetterSigner
from tenant_apps.letters.services import official_save
from tenants.models import Village
from tenants.selectors import control_plane_url, village_url
from tenants.services import village_provision

# Demo credentials are printed by `make run`; they exist only in local demos.
DEMO_VILLAGES = [
    {"code": "52.04.02.2008", "slug": "sukamaju"},
    {"code": "52.01.14.2006", "slug": "senggigi"},
]
DEMO_PASSWORD = "Balai-Demo-2026"
PLATFORM_STAFF_EMAIL = "ops@balai.localhost"
# A provinsi official of Nusa Tenggara Barat, where both demo villages lie.
OFFICIAL_EMAIL, OFFICIAL_REGION = "ntb@balai.localhost", "52"


class Command(BaseCommand):
    help = "Create the demo villages (sukamaju, senggigi) and their staff accounts, if missing."

    def handle(self, *args, **options):
        regions_load(path=SAMPLE_PATH)
        rows = []
        for spec in DEMO_VILLAGES:
            slug = spec["slug"]
            village = Village.objects.filter(code=spec["code"]).first()
            if village is None:
                village = village_provision(
                    code=spec["code"], slug=slug, admin_email=f"operator@{slug}.localhost", admin_password=DEMO_PASSWORD
                )
            subscription_start(village=village, plan_code="trial", billing_email=f"operator@{slug}.localhost")
            email = f"kades@{slug}.localhost"
            if not User.objects.filter(email=email).exists():
                staff_create(village=village, email=email, password=DEMO_PASSWORD, role=Role.KEPALA_DESA)
            with tenant_context(village):
                if not LetterSigner.objects.exists():  # letters need someone to sign them
                    official_save(actor=None, data={"name": f"Kepala Desa {village.name}", "position": "Kepala Desa"})
            rows.append((village, [f"operator@{slug}.localhost", email]))
        created = None
        if not User.objects.filter(email=PLATFORM_STAFF_EMAIL).exists():
            created = platform_staff_create(email=PLATFORM_STAFF_EMAIL, role=PlatformRole.OPS_ADMIN,
                                            password=DEMO_PASSWORD)
        if not User.objects.filter(email=OFFICIAL_EMAIL).exists():
            official_create(email=OFFICIAL_EMAIL, password=DEMO_PASSWORD, region_code=OFFICIAL_REGION)
        for village, accounts in rows:
            self.stdout.write(f"{village.name:10} {village_url(village)}masuk/  accounts: {', '.join(accounts)}")
        self.stdout.write(f"password for every demo account: {DEMO_PASSWORD}")
        self.stdout.write(f"regional oversight {control_plane_url('/wilayah/')}  account: {OFFICIAL_EMAIL} (provinsi {OFFICIAL_REGION})")
        self.stdout.write(f"ops console {control_plane_url('/ops/')}  account: {PLATFORM_STAFF_EMAIL} (ops-admin, TOTP)")
        if created is not None:
            # Shown once, like `balai ops staff create`: add it to an authenticator app.
            self.stdout.write(f"  TOTP secret: {created.totp_secret}  URI: {created.totp_uri}")
        else:
            self.stdout.write("  (its TOTP secret was printed when it was created; `balai ops staff create` adds another)")
