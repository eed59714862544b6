"""/inscription/ is printed on the posters: keep these paths (the text-message ones, under
the same prefix, are in messaging/urls.py)."""

from django.urls import path, register_converter

from .views import registration as views
from .views.access_needs import AccessNeedsView
from .views.personal import ContactDetailsView, EmailConfirmView, PhoneConfirmView, TicketPdfView


class TokenConverter:
    """A personal link's token (URL-safe base64): anything else never reaches a view."""

    regex = "[A-Za-z0-9_-]{1,100}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")

app_name = "participants"

urlpatterns = [
    path("", views.RegistrationView.as_view(), name="register"),
    path("merci/", views.ThanksView.as_view(), name="thanks"),
    path("merci/conseil/", views.AdvisorThanksView.as_view(), name="advisor_thanks"),
    path("<token:token>/", views.PersonalView.as_view(), name="personal"),
    path("<token:token>/besoins/", AccessNeedsView.as_view(), name="access_needs"),
    path("<token:token>/billet/", views.TicketView.as_view(), name="ticket"),
    path("<token:token>/billet.svg", views.TicketQrView.as_view(), name="ticket_qr"),
    path("<token:token>/billet.pdf", TicketPdfView.as_view(), name="ticket_pdf"),
    path("<token:token>/coordonnees/", ContactDetailsView.as_view(), name="contact_details"),
    path("<token:token>/coordonnees/telephone/", PhoneConfirmView.as_view(), name="phone_confirm"),
    path("<token:token>/courriel/<str:signed>/", EmailConfirmView.as_view(), name="email_confirm"),
    path("<token:token>/programme.ics", views.PlanIcsView.as_view(), name="plan_ics"),
    path("<token:token>/annuler/", views.CancelView.as_view(), name="cancel"),
    path("<token:token>/supprimer/", views.DeleteView.as_view(), name="delete"),
    path(
        "<token:token>/reservations/<int:booking_id>/annuler/",
        views.BookingCancelView.as_view(),
        name="booking_cancel",
    ),
]
