"""Who lands where after signing in, and which staff pages a person may open.

Staff (the Accueil, Programme and Administration groups, ``participants/migrations/
0003_roles.py``) and exhibitors sign in on one page (``/connexion/``, also at the old
``/exposants/connexion/``: the portal's login view). Django's login view then goes to the
``?next=`` page when it is a safe one, or else to ``settings.LOGIN_REDIRECT_URL``: the
landing below, which sends each person where their role works. Only this module, in the
project package that composes the apps, knows both the desk (``onsite``, top floor) and the
exhibitor portal (``exhibitors``): neither app knows the other's pages.

Roles are read from permissions, never from group names, so a person given a permission
by hand lands like the group that holds it.
"""

from dataclasses import dataclass

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View

from innov_insertion.web import PrivatePageMixin
from onsite.permissions import CHECK_IN, can_see_access_needs

VIEW_DASHBOARD = "participants.view_dashboard"


@dataclass(frozen=True)
class StaffPlace:
    """A staff page a person may open: shown in the staff header and on the 403 page."""

    label: str
    url: str


def staff_places(user) -> list[StaffPlace]:
    """The staff pages ``user`` may open, in the order of the day; empty for anyone else
    (visitors, exhibitors). Reads the user's permissions once (Django caches them on the
    user object, which the page's own permission check has usually loaded already)."""
    if not user.is_authenticated or not user.is_active:
        return []
    places = []
    if user.has_perm(CHECK_IN):
        places += [
            StaffPlace(_("Arrivées"), reverse("onsite:check_in")),
            StaffPlace(_("Ateliers"), reverse("onsite:workshops")),
            StaffPlace(_("Inscription sur place"), reverse("onsite:walk_in")),
        ]
    if can_see_access_needs(user):
        places.append(StaffPlace(_("Besoins d’accueil"), reverse("onsite:access_needs")))
    if user.has_perm(VIEW_DASHBOARD):
        places.append(StaffPlace(_("Tableau de bord"), reverse("onsite:dashboard")))
    if user.is_staff:
        places.append(StaffPlace(_("Administration"), reverse("admin:index")))
    return places


def landing_url(user) -> str:
    """Where ``user`` works: the dashboard for those who follow the day (Administration,
    Programme), the desk for reception (Accueil), the admin for staff with neither, and the
    exhibitor portal for everyone else (it explains itself to an account with no
    organisation)."""
    if user.has_perm(VIEW_DASHBOARD):
        return reverse("onsite:dashboard")
    if user.has_perm(CHECK_IN):
        return reverse("onsite:check_in")
    if user.is_staff:
        return reverse("admin:index")
    return reverse("portal:home")


class LandingView(PrivatePageMixin, LoginRequiredMixin, View):
    """``settings.LOGIN_REDIRECT_URL``: after signing in, and from "Mon espace" links."""

    def get(self, request, *args, **kwargs):
        return redirect(landing_url(request.user))
