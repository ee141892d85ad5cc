import pytest
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_database, env_float, env_int, env_str, env_url


def test_required_variable_missing_fails_loudly(monkeypatch):
    monkeypatch.delenv("BALAI_TEST_VALUE", raising=False)
    with pytest.raises(ImproperlyConfigured, match="BALAI_TEST_VALUE is required"):
        env_str("BALAI_TEST_VALUE")


@pytest.mark.parametrize(
    ("helper", "value", "kwargs"),
    [
        (env_bool, "maybe", {}),
        (env_int, "ten", {}),
        (env_int, "-1", {"minimum": 0}),
        (env_float, "2", {"minimum": 0.0, "maximum": 1.0}),
        (env_url, "ftp://x", {"schemes": ("redis",)}),
        (env_database, "mysql://u@h/db", {}),
        (env_database, "postgresql://u@h:5432/", {}),
    ],
)
def test_bad_values_fail_loudly_naming_the_variable(monkeypatch, helper, value, kwargs):
    monkeypatch.setenv("BALAI_TEST_VALUE", value)
    with pytest.raises(ImproperlyConfigured, match="BALAI_TEST_VALUE"):
        helper("BALAI_TEST_VALUE", **kwargs)


def test_good_values_parse(monkeypatch):
    monkeypatch.setenv("BALAI_TEST_VALUE", "yes")
    assert env_bool("BALAI_TEST_VALUE") is True
    monkeypatch.setenv("BALAI_TEST_VALUE", "postgresql://balai:s3cret@db.internal:6432/balai")
    assert env_database("BALAI_TEST_VALUE")["NAME"] == "balai"
    monkeypatch.delenv("BALAI_TEST_VALUE")
    assert env_int("BALAI_TEST_VALUE", 5) == 5
