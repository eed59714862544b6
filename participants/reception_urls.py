"""/accueil/: the reception desk and the workshop doors, for staff of the day."""

from django.urls import path

from .views import reception as views

app_name = "reception"

urlpatterns = [
    path("", views.CheckInView.as_view(), name="check_in"),
    path("ateliers/", views.WorkshopIndexView.as_view(), name="workshops"),
    path("ateliers/<int:pk>/", views.WorkshopDoorView.as_view(), name="door"),
    path(
        "ateliers/<int:pk>/liste/",
        views.WorkshopAttendanceListView.as_view(),
        name="attendance_list",
    ),
    path("sur-place/", views.WalkInView.as_view(), name="walk_in"),
    path("sur-place/<str:token>/billet/", views.WalkInTicketView.as_view(), name="walk_in_ticket"),
]
