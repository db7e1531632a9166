# SPDX-License-Identifier: MPL-2.0
"""accounts: URL patterns for login, logout, two-factor set-up and the dashboard."""

from django.urls import path

from placematch.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_verify, name="login_verify"),
    path("logout/", views.logout_view, name="logout"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
]
