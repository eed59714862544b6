from django.urls import path

from . import views

app_name = "events"

urlpatterns = [
    path("conference/", views.ConferenceView.as_view(), name="conference"),
    path("infos-pratiques/", views.PracticalInfoView.as_view(), name="practical_info"),
    path("accessibilite/", views.AccessibilityStatementView.as_view(), name="accessibility"),
    path("confidentialite/", views.PrivacyNoticeView.as_view(), name="privacy"),
]
