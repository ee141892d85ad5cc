from tests.conftest import host_client


def test_pages_are_indonesian_by_default(sukamaju):
    page = host_client(sukamaju).get("/masuk/").content.decode()
    assert "Kata sandi" in page and 'lang="id"' in page


def test_english_is_available(sukamaju):
    page = host_client(sukamaju, HTTP_ACCEPT_LANGUAGE="en").get("/masuk/").content.decode()
    assert "Password" in page and "Sign in" in page and 'lang="en"' in page


def test_api_errors_follow_the_language(sukamaju):
    response = host_client(sukamaju, HTTP_ACCEPT_LANGUAGE="en").post(
        "/api/v1/auth/token/", {"username": "x", "password": "y"}, content_type="application/json"
    )
    assert response.json() == {"non_field_errors": ["Wrong email/username or password."]}


def test_opensid_code_labels_have_english_but_imports_still_read_indonesian():
    from django.utils import translation

    from tenant_apps.population import codes

    with translation.override("en"):
        assert str(codes.MaritalStatus.CERAI_MATI.label) == "WIDOWED"
        assert codes.code_for_label(codes.MaritalStatus, "CERAI MATI") == codes.MaritalStatus.CERAI_MATI
        assert codes.code_for_label(codes.MaritalStatus, "WIDOWED") is None


def test_catalogue_msgids_hold_no_python_escapes():
    # xgettext copies "\u201c" in Python source as six characters, so such a
    # msgid never matches the string gettext is asked for: write the character.
    from django.conf import settings

    catalogue = (settings.LOCALE_PATHS[0] / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "\\u" not in catalogue and "\\x" not in catalogue
