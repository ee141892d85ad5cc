from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection

from tenants.archive import ArchiveError, village_export_to_path
from tenants.backups import village_backup, village_backups_prune
from tenants.db.base import recycle_if_bloated

from shared_apps.billing.selectors import plan_get, subscription_status_by_village
from shared_apps.billing.services import subscription_start
from tenants.provisioning.template import TEMPLATE_PATH, render_template_sql, template_sql
from tenants.restore import village_restore, village_restore_in_place
from tenants.selectors import village_get_by_slug, village_list, village_url
from tenants.services import village_provision


def _one_line(exc: ValidationError) -> str:
    return "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())


# What the platform audit log says of a restore run from the command line.
CLI_REASON = "balai village restore (command line)"


class Command(BaseCommand):
    help = "Villages: create, list, export and restore, and the schema template they are created from."

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
        export = sub.add_parser("export", help="Write one village's complete data to a zip archive.")
        export.add_argument("--village", required=True, help="the village's slug")
        export.add_argument("file", help="where to write the archive (.zip)")
        backup = sub.add_parser("backup", help="Back up villages into BALAI_BACKUP_DIR, one archive each.")
        which = backup.add_mutually_exclusive_group(required=True)
        which.add_argument("--village", help="the village's slug")
        which.add_argument("--all", action="store_true", help="every village, one after another")
        backup.add_argument("--keep", type=int, help="then delete all but the KEEP newest backups of each")
        restore = sub.add_parser("restore", help="Restore an archive as a new village, verified against its manifest.")
        restore.add_argument("file", help="an archive written by `balai village export`")
        restore.add_argument("--into", required=True, dest="into_slug", help="subdomain of the new village")
        restore.add_argument("--code", help="Kemendagri code when the archive's code is taken (e.g. pemekaran)")
        restore.add_argument("--name", help="defaults to the archive's name (or the region's under a new code)")
        restore.add_argument("--admin-email", help="an existing account that gets the operator role")
        restore.add_argument("--allow-foreign", action="store_true",
                             help="accept an archive signed by another Balai platform (checksums still verified)")
        restore.add_argument("--replace", action="store_true",
                             help="--into names this archive's own village: replace its data (needs --backup-to)")
        restore.add_argument("--backup-to", help="with --replace: where to write the village's current data first")

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
            raise CommandError(_one_line(exc), returncode=2) from None
        subscription_start(village=village, plan_code=plan, billing_email=admin_email)
        self.stdout.write(f"created {village.code} {village.slug} {village.name} {village_url(village)}")

    def _progress(self, done, total, label):
        self.stdout.write(f"… {done}/{total} {label}")

    def _export(self, *, village, file, **_):
        found = village_get_by_slug(village)
        if found is None:
            raise CommandError(f"no village with slug {village!r}", returncode=2)
        try:
            manifest = village_export_to_path(village=found, path=file, progress=self._progress)
        except (ArchiveError, OSError) as exc:
            raise CommandError(str(exc), returncode=2) from None
        rows = sum(table["rows"] for table in manifest["tables"])
        self.stdout.write(f"exported {found.code} {found.slug}: {len(manifest['tables'])} tables, {rows} rows, "
                          f"{len(manifest['media'])} files -> {file}")

    def _backup(self, *, village, all, keep, **_):
        villages = list(village_list()) if all else [village_get_by_slug(village)]
        if villages == [None]:
            raise CommandError(f"no village with slug {village!r}", returncode=2)
        failed = []
        for one in villages:
            try:
                made = village_backup(village=one)
            except (ArchiveError, OSError, DatabaseError) as exc:
                failed.append(one.slug)
                self.stderr.write(f"{one.code} {one.slug}: {exc.__class__.__name__}: {exc}")
                continue
            finally:
                recycle_if_bloated(connection)
            pruned = village_backups_prune(village=one, keep=keep) if keep else 0
            self.stdout.write(f"{one.code} {one.slug} {made.path} {made.size} bytes" + (f", {pruned} older deleted"
                                                                                         if pruned else ""))
        if failed:
            raise CommandError(f"{len(failed)} of {len(villages)} villages not backed up: {' '.join(failed)}",
                               returncode=1)

    def _restore(self, *, file, into_slug, code, name, admin_email, allow_foreign, replace, backup_to, **_):
        try:
            if replace:
                result = self._replace(file, into_slug, code, name, admin_email, allow_foreign, backup_to)
            else:
                result = village_restore(archive=file, into_slug=into_slug, code=code, name=name,
                                         admin_email=admin_email, allow_foreign=allow_foreign,
                                         progress=self._progress, reason=CLI_REASON)
        except ValidationError as exc:
            hint = ""
            if not replace and not code and "code" in exc.message_dict:
                hint = (" -- for a copy give --code CODE (another desa's Kemendagri code, not on Balai yet); to put "
                        "the archive back into that village itself: --into ITS_SLUG --replace --backup-to FILE")
            raise CommandError(_one_line(exc) + hint, returncode=2) from None
        except ArchiveError as exc:
            raise CommandError(str(exc), returncode=2) from None
        village = result.village
        self.stdout.write(f"restored {village.code} {village.slug} {village.name}: {result.tables} tables, "
                          f"{result.rows} rows and {result.media} files verified {village_url(village)}")
        if result.staff_missing:
            self.stdout.write(f"no account on this platform for: {', '.join(result.staff_missing)}")

    def _replace(self, file, into_slug, code, name, admin_email, allow_foreign, backup_to):
        village = village_get_by_slug(into_slug)
        if village is None:
            raise CommandError(f"--replace: no village with slug {into_slug!r}", returncode=2)
        if not backup_to:
            raise CommandError("--replace needs --backup-to FILE for the village's current data", returncode=2)
        if code or name or admin_email:
            raise CommandError("--replace keeps the village's identity and staff: drop --code, --name, --admin-email",
                               returncode=2)
        result = village_restore_in_place(archive=file, village=village, backup_to=backup_to,
                                          allow_foreign=allow_foreign, progress=self._progress, reason=CLI_REASON)
        self.stdout.write(f"the data it had is in {backup_to}")
        return result

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
