# SPDX-License-Identifier: MPL-2.0
"""matching: url patterns."""

from django.urls import URLPattern, URLResolver, path

from placematch.matching.views import figures, inquiries, overview, provider, runs

app_name = "matching"
urlpatterns: list[URLPattern | URLResolver] = [
    path("cases/<id:pk>/match/", runs.case_match, name="case_match"),
    path("runs/<id:pk>/", runs.run_detail, name="run_detail"),
    path("runs/<id:pk>/why-not/", runs.run_why_not, name="run_why_not"),
    path("runs/<id:pk>/compare/", runs.run_compare, name="run_compare"),
    path("overview/", overview.overview, name="overview"),
    path("weights/", overview.policy, name="policy"),
    path("inquiries/", inquiries.inquiry_list, name="inquiry_list"),
    path("cases/<id:pk>/inquiries/", inquiries.case_inquiries, name="case_inquiries"),
    path("inquiries/<id:pk>/", inquiries.inquiry_detail, name="inquiry_detail"),
    path("inquiries/<id:pk>/withdraw/", inquiries.inquiry_withdraw, name="inquiry_withdraw"),
    path("inquiries/<id:pk>/proceed/", inquiries.inquiry_proceed, name="inquiry_proceed"),
    path("inquiries/figures/", figures.municipality_figures, name="figures"),
    path("provider/inquiries/", provider.provider_inquiry_list, name="provider_inquiries"),
    path("provider/inquiries/<id:pk>/", provider.provider_inquiry, name="provider_inquiry"),
    path("provider/figures/", figures.provider_figures, name="provider_figures"),
]
