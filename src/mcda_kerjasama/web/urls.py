"""Root URLs: the app, login and logout, the language switch, the admin."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from mcda_kerjasama.web.tkksd.forms import LoginForm

urlpatterns = [
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="tkksd/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        auth_views.PasswordChangeView.as_view(template_name="tkksd/password.html", success_url="/"),
        name="password_change",
    ),
    path("bahasa/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("", include("mcda_kerjasama.web.tkksd.urls")),
]

handler403 = "mcda_kerjasama.web.tkksd.views.base.error_403"
handler404 = "mcda_kerjasama.web.tkksd.views.base.error_404"
handler500 = "mcda_kerjasama.web.tkksd.views.base.error_500"
