from django.urls import path

from events.cache import public_page

from . import views

app_name = "workshops"

urlpatterns = [
    path("", public_page(views.WorkshopListView.as_view()), name="list"),
    path("<slug:slug>/", public_page(views.WorkshopDetailView.as_view()), name="detail"),
]
