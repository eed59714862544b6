from django.urls import path

from .views.contacts import ContactExportView, ContactListView

app_name = "contact"

urlpatterns = [
    path("", ContactListView.as_view(), name="list"),
    path("export.csv", ContactExportView.as_view(), name="export"),
]
