"""The pieces every app's web layer shares: the current-edition mixin, pagination and
form validators. Apps import them from here; this module imports only ``events`` (the
ground floor), so any app may use it."""

import unicodedata

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from events.selectors import event_for_request

# --- The edition the public site shows ------------------------------------------------------


class CurrentEventMixin:
    """Give the view the edition the public site shows; 404 when none is published."""

    def dispatch(self, request, *args, **kwargs):
        self.event = event_for_request(request)
        if self.event is None:
            raise Http404("No published edition.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


# --- Pagination -------------------------------------------------------------------------------

# Long public lists come in pages (the forum, the workshops): a phone never loads hundreds of
# cards at once, and a page renders in the same time whatever the edition's size. At the real
# event's size (a dozen of each) everything fits on the first page.
PAGE_SIZE = 48


def paginate(request, items, *, per_page: int = PAGE_SIZE) -> dict:
    """The context ``includes/_pagination.html`` needs, for the page ``?page=`` asks for.

    Any ``?page=`` is answered: not a number gives the first page, past the end the last
    one. The other query parameters (the forum's filters) are kept in the page links.
    """
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    others = request.GET.copy()
    others.pop("page", None)
    return {
        "page_obj": page,
        "page_numbers": list(paginator.get_elided_page_range(page.number, on_each_side=1)),
        "page_ellipsis": paginator.ELLIPSIS,
        "page_query": f"{others.urlencode()}&" if others else "",
    }


# --- Form validators --------------------------------------------------------------------------


def validate_single_line(value: str) -> None:
    """Refuse line breaks and control characters (they have no place in a name or a town)."""
    if any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in value):
        raise ValidationError(
            _("Écrivez sur une seule ligne, sans retour à la ligne ni caractère spécial."),
            code="control_character",
        )
