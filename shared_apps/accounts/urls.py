from django.urls import path

from shared_apps.accounts.views import sign_in, sign_out

app_name = "accounts"
urlpatterns = [
    path("masuk/", sign_in, name="login"),
    path("keluar/", sign_out, name="logout"),
]
