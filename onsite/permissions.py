"""Who on the staff may see what on the day's pages (the views, the sign-in's landing),
and how the pages name a stand."""

from django.utils.translation import gettext as _

VIEW_SITUATION = "participants.view_situation"
VIEW_ACCESS_NEEDS = "participants.view_access_needs"
CHECK_IN = "participants.check_in"


def can_see_access_needs(user) -> bool:
    """Access needs may reveal a disability: staff holding the dedicated permission
    (Administration) see them, and the desk (Accueil) to welcome people; nobody else."""
    return user.has_perm(VIEW_ACCESS_NEEDS) or user.has_perm(CHECK_IN)


def stand_label(stand) -> str:
    """ "Stand 4, Michelin": how the contacts and the dashboard name a stand."""
    return _("Stand %(number)s, %(name)s") % {
        "number": stand.number,
        "name": stand.organisation.name,
    }
