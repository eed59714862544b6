"""Interview sessions in the exhibitor portal: /exposants/entretiens/."""

from django.urls import path

from .views import portal as views

app_name = "recruiter"

urlpatterns = [
    path("", views.SessionListView.as_view(), name="sessions"),
    path(
        "stands/<int:stand_id>/publier/",
        views.SessionCreateView.as_view(),
        name="session_add",
    ),
    path("<int:pk>/modifier/", views.SessionUpdateView.as_view(), name="session_edit"),
    path("<int:pk>/supprimer/", views.SessionDeleteView.as_view(), name="session_delete"),
    path("<int:pk>/creneaux/ajouter/", views.SlotAddView.as_view(), name="slot_add"),
    path("creneaux/<int:pk>/annuler/", views.SlotCancelView.as_view(), name="slot_cancel"),
]
