"""Village rows without schemas, for pages that read only public tables."""
from tenants.models import Village


def village_row(n: int, *, name: str | None = None, code: str | None = None, status="active", plan="trial",
                version="v1") -> Village:
    code = code or f"52.01.14.{n:04d}"
    slug = f"desa{n}"
    return Village.objects.create(schema_name=f"test_row_{n}", code=code, slug=slug, name=name or f"Desa {n}",
                                  status=status, plan=plan, schema_version=version)
