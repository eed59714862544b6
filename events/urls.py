from django.urls import path

from . import views
from .cache import public_page

app_name = "events"

urlpatterns = [
    path("conference/", public_page(views.ConferenceView.as_view()), name="conference"),
    path("infos-pratiques/", public_page(views.PracticalInfoView.as_view()), name="practical_info"),
    path(
        "accessibilite/",
        public_page(views.AccessibilityStatementView.as_view()),
        name="accessibility",
    ),
    path("confidentialite/", public_page(views.PrivacyNoticeView.as_view()), name="privacy"),
]
