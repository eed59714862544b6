from django.urls import path

from events.cache import public_page

from . import views

app_name = "exhibitors"

urlpatterns = [
    path("", public_page(views.StandListView.as_view()), name="list"),
    path(
        "candidatures/retirer/<str:token>/",
        views.ApplicationWithdrawView.as_view(),
        name="withdraw",
    ),
    path("<slug:slug>/", public_page(views.StandDetailView.as_view()), name="detail"),
    path("<slug:slug>/candidature/", views.ApplicationCreateView.as_view(), name="apply"),
    path(
        "<slug:slug>/offres/<int:offer_id>/candidature/",
        views.ApplicationCreateView.as_view(),
        name="apply_offer",
    ),
]
