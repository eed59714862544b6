"""Interview sessions in the exhibitor portal: /exposants/entretiens/."""

from django.urls import path  # noqa: F401

app_name = "recruiter"

urlpatterns = []
