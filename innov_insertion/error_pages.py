"""The error pages that need a view of ours (``settings.CSRF_FAILURE_VIEW``).

403, 404 and 500 use Django's own handlers with ``templates/403.html``, ``404.html`` and
``500.html``; 500 is rendered with no request and no context processor, so its template
asks for none.
"""

from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode


def csrf_failure(request, reason: str = ""):
    """A form sent without its valid security token: the page was open too long, the person
    signed in or out in another tab, or the browser refuses cookies. Say so, and offer the
    form again (a GET of the same address), signing in again, or the home page."""
    form_url = request.get_full_path()
    match = request.resolver_match
    on_login_page = match is not None and match.url_name == "login"
    login_url = None
    if not request.user.is_authenticated and not on_login_page:
        login_url = f"{reverse('login')}?{urlencode({'next': form_url})}"
    return render(
        request,
        "403_csrf.html",
        {
            "form_url": form_url,
            "on_login_page": on_login_page,
            "login_url": login_url,
            "cookies_refused": reason == REASON_NO_CSRF_COOKIE,
        },
        status=403,
    )
