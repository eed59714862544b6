"""The exhibitor portal, mounted at /exposants/ (its own namespace: /forum/ is public)."""

from django.urls import path

from .views import portal as views

app_name = "portal"

urlpatterns = [
    path("", views.PortalHomeView.as_view(), name="home"),
    # Accounts
    path("connexion/", views.PortalLoginView.as_view(), name="login"),
    path("deconnexion/", views.PortalLogoutView.as_view(), name="logout"),
    path("mot-de-passe/", views.PortalPasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/envoye/",
        views.PortalPasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/termine/",
        views.PortalPasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PortalPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    # The stand page and its activities
    path(
        "organisations/<int:pk>/modifier/",
        views.OrganisationUpdateView.as_view(),
        name="organisation_edit",
    ),
    path(
        "stands/<int:stand_id>/activites/ajouter/",
        views.StandActivityCreateView.as_view(),
        name="activity_add",
    ),
    path(
        "activites/<int:pk>/modifier/",
        views.StandActivityUpdateView.as_view(),
        name="activity_edit",
    ),
    path(
        "activites/<int:pk>/supprimer/",
        views.StandActivityDeleteView.as_view(),
        name="activity_delete",
    ),
    # Job offers
    path("offres/", views.JobOfferListView.as_view(), name="offers"),
    path(
        "organisations/<int:organisation_id>/offres/ajouter/",
        views.JobOfferCreateView.as_view(),
        name="offer_add",
    ),
    path("offres/<int:pk>/modifier/", views.JobOfferUpdateView.as_view(), name="offer_edit"),
    path(
        "offres/<int:pk>/publication/",
        views.JobOfferPublishView.as_view(),
        name="offer_publish",
    ),
    # Applications
    path("candidatures/", views.ApplicationListView.as_view(), name="applications"),
    path("candidatures/avis/", views.MemberNoticeView.as_view(), name="notice"),
    path("candidatures/<int:pk>/", views.ApplicationDetailView.as_view(), name="application"),
    path("candidatures/<int:pk>/cv/", views.ApplicationCvView.as_view(), name="application_cv"),
]
