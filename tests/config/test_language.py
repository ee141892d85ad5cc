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
