import pytest
from django.db import connection

from shared_apps.accounts.models import User


@pytest.fixture
def in_village():
    """Enter a village's schema for the rest of the test (the autouse fixture leaves it)."""

    def enter(village):
        connection.set_tenant(village)
        return User.objects.get(email=f"operator@{village.slug}.test")

    return enter
