"""The day itself, for staff (/accueil/) and exhibitors (/exposants/contacts/ and the
recruiter's day, /exposants/entretiens/journee/).

Included at the site's root, before the exhibitor portal's /exposants/: these paths are
printed on the desk's cheat sheets and bookmarked on the staff's phones; keep them.
"""

from django.urls import path

from .views import contacts, dashboard, desk, doors, plans, recruiter

app_name = "onsite"

urlpatterns = [
    path("accueil/", desk.CheckInView.as_view(), name="check_in"),
    path("accueil/ateliers/", doors.WorkshopIndexView.as_view(), name="workshops"),
    path("accueil/ateliers/<int:pk>/", doors.WorkshopDoorView.as_view(), name="door"),
    path(
        "accueil/ateliers/<int:pk>/entrer/",
        doors.WorkshopDoorAdmitView.as_view(),
        name="door_admit",
    ),
    path(
        "accueil/ateliers/<int:pk>/liberer/",
        doors.WorkshopNoShowsReleaseView.as_view(),
        name="door_release",
    ),
    # The conference's and the stand activities' doors (kind: "conference" or "activites").
    path(
        "accueil/portes/<slug:kind>/<int:pk>/",
        doors.SessionDoorView.as_view(),
        name="session_door",
    ),
    path(
        "accueil/portes/<slug:kind>/<int:pk>/entrer/",
        doors.SessionDoorAdmitView.as_view(),
        name="session_door_admit",
    ),
    path(
        "accueil/portes/<slug:kind>/<int:pk>/liberer/",
        doors.SessionNoShowsReleaseView.as_view(),
        name="session_door_release",
    ),
    path(
        "accueil/ateliers/<int:pk>/liste/",
        doors.WorkshopAttendanceListView.as_view(),
        name="attendance_list",
    ),
    path(
        "accueil/ateliers/<int:pk>/liste.pdf",
        doors.WorkshopAttendancePdfView.as_view(),
        name="attendance_pdf",
    ),
    path(
        "accueil/portes/<slug:kind>/<int:pk>/liste/",
        doors.SessionAttendanceListView.as_view(),
        name="session_attendance_list",
    ),
    path(
        "accueil/portes/<slug:kind>/<int:pk>/liste.pdf",
        doors.SessionAttendancePdfView.as_view(),
        name="session_attendance_pdf",
    ),
    path("accueil/sur-place/", desk.WalkInView.as_view(), name="walk_in"),
    path(
        "accueil/sur-place/<str:token>/billet/",
        desk.WalkInTicketView.as_view(),
        name="walk_in_ticket",
    ),
    path("accueil/personnes/<str:code>/", plans.PersonPlanView.as_view(), name="person_plan"),
    path(
        "accueil/personnes/<str:code>/billet/",
        plans.PersonTicketView.as_view(),
        name="person_ticket",
    ),
    path(
        "accueil/personnes/<str:code>/reservations/<int:booking_id>/changer/",
        plans.BookingMoveView.as_view(),
        name="booking_move",
    ),
    path(
        "accueil/personnes/<str:code>/reservations/<int:booking_id>/retirer/",
        plans.BookingDropView.as_view(),
        name="booking_drop",
    ),
    path("accueil/besoins/", desk.AccessNeedsListView.as_view(), name="access_needs"),
    path("accueil/tableau-de-bord/", dashboard.DashboardView.as_view(), name="dashboard"),
    path(
        "accueil/tableau-de-bord/export.<str:format>",
        dashboard.DashboardExportView.as_view(),
        name="dashboard_export",
    ),
    path("exposants/contacts/", contacts.ContactListView.as_view(), name="contacts"),
    path(
        "exposants/contacts/export.csv",
        contacts.ContactExportView.as_view(),
        name="contacts_export",
    ),
    # The recruiter's day: before recruitment's portal paths (/exposants/entretiens/…).
    path(
        "exposants/entretiens/journee/",
        recruiter.RecruiterDayView.as_view(),
        name="recruiter_day",
    ),
    path(
        "exposants/entretiens/journee/imprimer/",
        recruiter.RecruiterScheduleView.as_view(),
        name="recruiter_schedule",
    ),
    path(
        "exposants/entretiens/journee/personnes/<int:pk>/presence/",
        recruiter.InterviewAttendanceView.as_view(),
        name="interview_attendance",
    ),
    path(
        "exposants/entretiens/journee/personnes/<int:pk>/suite/",
        recruiter.InterviewOutcomeView.as_view(),
        name="interview_outcome",
    ),
]
