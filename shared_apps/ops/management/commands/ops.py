from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from shared_apps.ops.roles import PlatformRole
from shared_apps.ops.staff import platform_staff_create


class Command(BaseCommand):
    help = "The ops console: platform staff accounts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="area", required=True)
        staff = sub.add_parser("staff", help="Platform staff accounts.").add_subparsers(dest="action", required=True)
        create = staff.add_parser("create", help="Create a platform staff account with a TOTP second factor; "
                                                 "prints the password and the TOTP secret once.")
        create.add_argument("--email", required=True)
        create.add_argument("--role", required=True, choices=PlatformRole.values)
        create.add_argument("--password", help="omit to generate one (printed once)")

    def handle(self, *args, area, action, **options):
        getattr(self, f"_{area}_{action}")(**options)

    def _staff_create(self, *, email, role, password, **_):
        try:
            created = platform_staff_create(email=email, role=role, password=password)
        except ValidationError as exc:
            line = "; ".join(f"{field}: {' '.join(messages)}" for field, messages in exc.message_dict.items())
            raise CommandError(line, returncode=2) from None
        self.stdout.write(f"created {created.user.email} ({role})")
        if password is None:
            self.stdout.write(f"password: {created.password}")
        self.stdout.write(f"TOTP secret: {created.totp_secret}")
        self.stdout.write(f"TOTP URI: {created.totp_uri}")
        self.stdout.write("Shown once: add it to an authenticator app now; Balai cannot show it again.")
