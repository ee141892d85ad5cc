import pytest

from shared_apps.fleet.versions import code_migrations


@pytest.fixture
def new_release(settings):
    """Deploy code with one more village migration (a test package stands in
    for tenant_apps/village/migrations)."""

    def deploy(package: str):
        settings.MIGRATION_MODULES = {"village": f"tests.fleet.{package}"}
        code_migrations.cache_clear()

    yield deploy
    code_migrations.cache_clear()
