# SPDX-License-Identifier: MPL-2.0
"""accounts: URL patterns for login (local or through the identity provider), logout, two-factor
set-up and the dashboard."""

from django.urls import path

from placematch.accounts import views, views_oidc

app_name = "accounts"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_verify, name="login_verify"),
    path("login/oidc/callback/", views_oidc.callback_view, name="oidc_callback"),
    path("login/oidc/<slug:slug>/", views_oidc.start_view, name="oidc_start"),
    path("logout/", views.logout_view, name="logout"),
    path("account/two-factor/", views.two_factor_setup, name="two_factor_setup"),
]
