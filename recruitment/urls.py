"""The job board: /offres/ (a public path: keep it)."""

from django.urls import path  # noqa: F401

app_name = "offers"

urlpatterns = []
