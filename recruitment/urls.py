"""The job board: /offres/ (a public path: keep it)."""

from django.urls import path

from events.cache import public_page

from .views import offers

app_name = "offers"

urlpatterns = [
    path("", public_page(offers.JobOfferListView.as_view()), name="list"),
    path("<slug:slug>/", public_page(offers.JobOfferDetailView.as_view()), name="detail"),
]
