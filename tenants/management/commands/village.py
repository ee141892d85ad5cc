from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shared_apps.billing.selectors import plan_get, subscription_status_by_village
from shared_apps.billing.services import subscription_start
from tenants.provisioning.template import TEMPLATE_PATH, render_template_sql, template_sql
from tenants.selectors import village_list, village_url
from tenants.services import village_provision


class Command(BaseCommand):
    help = "Villages: create, list, and the schema template they are created from."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Provision a village from its Kemendagri code.")
        create.add_argument("--code", required=True, help="Kemendagri code, e.g. 52.01.14.2006")
        create.add_argument("--slug", required=True, help="subdomain, e.g. senggigi")
        create.add_argument("--admin-email", required=True)
        create.add_argument("--admin-password", help="omit to give an existing account the operator role")
        create.add_argument("--name", help="defaults to the region's name")
        create.add_argument("--plan", default="trial")
        sub.add_parser("list", help="Print code, slug, name, status, subscription status and URL of every village.")
        template = sub.add_parser("template", help="Check (default) or rewrite the village schema template.")
        template.add_argument("--write", action="store_true", help=f"rewrite {TEMPLATE_PATH.name} from the migrations")

    def handle(self, *args, action, **options):
        getattr(self, f"_{action}")(**options)

    def _create(self, *, code, slug, admin_email, admin_password, name, plan, **_):
        if plan_get(plan) is None:
            raise CommandError(f"plan: no plan {plan!r}", returncode=2)
        try:
            village = village_provision(
                code=code, slug=slug, admin_email=admin_email, admin_password=admin_password,
                name=name, plan=plan, progress=lambda message: self.stdout.write(f"… {message}"),
            )
        except ValidationError as exc:
            line = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
            raise CommandError(line, returncode=2) from None
        subscription_start(village=village, plan_code=plan, billing_email=admin_email)
        self.stdout.write(f"created {village.code} {village.slug} {village.name} {village_url(village)}")

    def _list(self, **_):
        billing = subscription_status_by_village()
        rows = [(v.code, v.slug, v.name, v.status, billing.get(v.pk, "-"), village_url(v)) for v in village_list()]
        if not rows:
            self.stdout.write("no villages")
            return
        widths = [max(len(str(row[i])) for row in rows) for i in range(5)]
        for row in rows:
            self.stdout.write("  ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5])

    def _template(self, *, write, **_):
        rendered = render_template_sql()
        if write:
            TEMPLATE_PATH.write_text(rendered, encoding="utf-8")
            self.stdout.write(f"wrote {TEMPLATE_PATH}")
        elif rendered != template_sql():
            raise CommandError(
                f"{TEMPLATE_PATH.name} is out of step with the migrations; run `balai village template --write`.",
                returncode=1,
            )
        else:
            self.stdout.write(f"{TEMPLATE_PATH.name} matches the migrations")
