from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand

from tenants.services import platform_ensure_public_tenant


class Command(MigrateSchemasCommand):
    """django-tenants' migrate, leaving the platform ready to serve: after the
    public schema is migrated, the control plane's tenant and domain exist."""

    def handle(self, *args, **options):
        super().handle(*args, **options)
        if self.sync_public:
            public = platform_ensure_public_tenant()
            if options.get("verbosity", 1) >= 1:
                self.stdout.write(f"control plane served on {public.domains.get(is_primary=True).domain}")
