"""The day itself, for staff (/accueil/) and exhibitors (/exposants/contacts/).

Included at the site's root, before the exhibitor portal's /exposants/: these paths are
printed on the desk's cheat sheets and bookmarked on the staff's phones; keep them.
"""

from django.urls import path

from . import views

app_name = "onsite"

urlpatterns = [
    path("accueil/", views.CheckInView.as_view(), name="check_in"),
    path("accueil/ateliers/", views.WorkshopIndexView.as_view(), name="workshops"),
    path("accueil/ateliers/<int:pk>/", views.WorkshopDoorView.as_view(), name="door"),
    path(
        "accueil/ateliers/<int:pk>/liste/",
        views.WorkshopAttendanceListView.as_view(),
        name="attendance_list",
    ),
    path(
        "accueil/ateliers/<int:pk>/liste.pdf",
        views.WorkshopAttendancePdfView.as_view(),
        name="attendance_pdf",
    ),
    path("accueil/sur-place/", views.WalkInView.as_view(), name="walk_in"),
    path(
        "accueil/sur-place/<str:token>/billet/",
        views.WalkInTicketView.as_view(),
        name="walk_in_ticket",
    ),
    path("accueil/besoins/", views.AccessNeedsListView.as_view(), name="access_needs"),
    path("accueil/tableau-de-bord/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "accueil/tableau-de-bord/export.<str:format>",
        views.DashboardExportView.as_view(),
        name="dashboard_export",
    ),
    path("exposants/contacts/", views.ContactListView.as_view(), name="contacts"),
    path(
        "exposants/contacts/export.csv", views.ContactExportView.as_view(), name="contacts_export"
    ),
]
