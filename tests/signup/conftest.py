"""Signup tests: a prospective operator of Pusuk Lestari (52.01.14.2008, in the
sample region list next to Senggigi) signs up; Sukamaju and Senggigi are already on Balai."""
import re

import pytest

from tests.conftest import host_client

FREE_CODE = "52.01.14.2008"
NEW_PASSWORD = "Pusuk-Lestari-2026!"
LINK = re.compile(r"https?://\S+/daftar/(?:akses/)?verifikasi/\S+/")


def signup_data(**overrides) -> dict:
    data = {
        "slug": "pusuk-lestari", "operator_name": "Baiq Nurul Aini", "email": "nurul@pusuk.test",
        "phone": "0812 3456 7890", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD,
        "plan_code": "trial", "website": "",
    }
    data.update(overrides)
    return data


def access_data(**overrides) -> dict:
    data = {"name": "Lalu Ahmad Fauzi", "email": "fauzi@sukamaju.test", "phone": "+62 813 1111 2222",
            "message": "Saya sekretaris desa yang baru.", "password": NEW_PASSWORD, "password_again": NEW_PASSWORD,
            "website": ""}
    data.update(overrides)
    return data


def link_in(message) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def public(regions):
    return host_client()

