"""What every login shares, the exhibitors' portal and the admin alike: the name under
which django-axes counts the failures (``AXES_USERNAME_CALLABLE`` in settings)."""

from axes.conf import settings
from django.http import HttpRequest


def axes_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The login name typed, cut to what django-axes can store.

    Django's login form does not refuse a name longer than the user model's (it only sets
    the input's ``maxlength``), so any length reaches ``authenticate()``; django-axes then
    records the failure in a 255-character column, which PostgreSQL enforces: a longer
    name was a server error. Cut, it gets the usual "wrong credentials" answer and counts
    towards the lockout like any other (names sharing their first 255 characters count
    together: no account has such a name).
    """
    from axes.models import AccessAttempt  # the app registry is ready when axes calls this

    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field)
    else:
        username = getattr(request, "data", request.POST).get(field)
    if username is None:
        return None
    return str(username)[: AccessAttempt._meta.get_field("username").max_length]
