"""The pieces every app's web layer shares: the current-edition mixin, private pages, the
rate-limited public form post and its honeypot, pagination, form validators and the error
summary's template filter (``{% load web %}``, registered in ``settings.TEMPLATES``). Apps
import them from here; this module imports only ``events`` (the ground floor), so any app may
use it."""

import logging
import unicodedata
from collections.abc import Callable, Iterable

from crispy_forms.layout import Div, Field
from django import forms, template
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from events.cache import CACHE_ERRORS
from events.selectors import event_for_request

logger = logging.getLogger(__name__)

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


# --- Private pages --------------------------------------------------------------------------


class PrivatePageMixin:
    """A page for one person's eyes (a personal link, the portal, the desk): never stored by
    a browser or a proxy, never indexed, never named in a Referer sent to another site.

    Whatever the view answers carries the headers, and so does what ``answer_instead``
    returns. (``same-origin``, not ``no-referrer``: with ``no-referrer`` browsers send
    ``Origin: null`` on the page's own POST forms, which the CSRF check rightly refuses.)
    Templates add ``includes/_private_head.html`` for the same in a ``<meta>``.
    """

    def dispatch(self, request, *args, **kwargs):
        response = self.answer_instead()
        if response is None:
            response = super().dispatch(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Referrer-Policy"] = "same-origin"
        return response

    def answer_instead(self) -> HttpResponse | None:
        """A redirect or a refusal to send instead of the page (private too); None: the page."""
        return None


# --- Public forms: rate limit and honeypot ----------------------------------------------------


class HoneypotFormMixin(forms.Form):
    """A field hidden from people and assistive technologies; robots fill it in.

    Put ``honeypot_layout()`` last in the crispy layout; the view asks ``honeypot_filled``.
    """

    website = forms.CharField(
        label=_("Site web"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @staticmethod
    def honeypot_layout() -> Div:
        return Div(Field("website"), css_class="form-extra", aria_hidden="true")

    @property
    def honeypot_filled(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())


class RateLimitedFormMixin:
    """The POST of a public form that writes and sends mail (a form with
    ``HoneypotFormMixin``).

    From one address, ``settings.REGISTRATION_RATE`` posts at most (read at each post); past
    it the form comes back with what was typed, its other mistakes and
    ``ratelimit_message``, as a 429. A robot that filled the honeypot gets
    ``honeypot_response()`` (by default the page a success leads to) and nothing is saved.

    The counts live in the shared cache (Redis): when it cannot be reached the limit fails
    open, with a warning in the log, so an outage of the cache never stops registrations.
    """

    ratelimit_group: str
    ratelimit_message: str

    def post(self, request, *args, **kwargs):
        form = self.get_form()
        try:
            limited = is_ratelimited(
                request,
                group=self.ratelimit_group,
                key="ip",
                rate=settings.REGISTRATION_RATE,
                method="POST",
                increment=True,
            )
        except CACHE_ERRORS:
            logger.warning(
                "Rate limit %r not checked (the shared cache is unreachable): post let through.",
                self.ratelimit_group,
                exc_info=True,
            )
            limited = False
        if limited:
            form.is_valid()  # show the other mistakes too, with everything typed
            form.add_error(None, self.ratelimit_message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if form.honeypot_filled:
            return self.honeypot_response()
        if form.is_valid():
            return self.form_valid(form)
        return self.form_invalid(form)

    def honeypot_response(self) -> HttpResponse:
        return redirect(self.get_success_url())


# --- Pagination -------------------------------------------------------------------------------

# Long public lists come in pages (the forum, the workshops): a phone never loads hundreds of
# cards at once, and a page renders in the same time whatever the edition's size. At the real
# event's size (a dozen of each) everything fits on the first page.
PAGE_SIZE = 48


class _DeferredItems:
    """A list's items, built (``compute()``: a queryset) only when a page's items are read.
    ``Paginator`` asks it for the count (given to the paginator beforehand) and a slice,
    which stays deferred too: a page whose list comes from ``{% fragment %}`` never builds
    the queryset."""

    def __init__(self, compute: Callable):
        self._compute = compute
        self._items = None

    def items(self):
        if self._items is None:
            self._items = self._compute()
        return self._items

    def count(self) -> int:
        return self.items().count()

    def __getitem__(self, key):
        return SimpleLazyObject(lambda: self.items()[key])


def paginate(
    request, items, *, per_page: int = PAGE_SIZE, keep: Iterable[str] = (), count: int | None = None
) -> dict:
    """The context ``includes/_pagination.html`` needs, for the page ``?page=`` asks for.

    Any ``?page=`` is answered: not a number gives the first page, past the end the last
    one. The query parameters named in ``keep`` (the forum's filters) are kept in the page
    links, and only those: the links (and the page, cached by ``{% fragment %}``) depend on
    nothing else a visitor adds to the address. ``count``: the number of items when already
    known (``events.cache.remembered``), saving the COUNT query. ``items`` may be a callable
    that returns them (a queryset): it is called only when the page's items are read, so a
    list that comes from ``{% fragment %}`` costs no queryset to build.
    """
    paginator = Paginator(_DeferredItems(items) if callable(items) else items, per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(request.GET.get("page"))
    others = QueryDict(mutable=True)
    for name in keep:
        if name in request.GET:
            others.setlist(name, request.GET.getlist(name))
    return {
        "page_obj": page,
        "page_numbers": list(paginator.get_elided_page_range(page.number, on_each_side=1)),
        "page_ellipsis": paginator.ELLIPSIS,
        "page_query": f"{others.urlencode()}&" if others else "",
    }


# --- Form layout -------------------------------------------------------------------------------


def form_section_legend(text) -> str:
    """The heading of a form's section (a crispy ``Fieldset`` legend), one level under the
    page's title."""
    return format_html('<h2 class="form-section__title">{}</h2>', text)


# --- Form validators --------------------------------------------------------------------------


def validate_single_line(value: str) -> None:
    """Refuse line breaks and control characters (they have no place in a name or a town)."""
    if any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in value):
        raise ValidationError(
            _("Écrivez sur une seule ligne, sans retour à la ligne ni caractère spécial."),
            code="control_character",
        )


# --- The error summary ------------------------------------------------------------------------

register = template.Library()


@register.filter
def error_summary(form: forms.BaseForm) -> list[tuple[str, str, str]]:
    """(anchor, label, message) for each error of ``form``, in the order of the page, for
    ``includes/_form_errors.html``. The anchor is the field's input (its first option for a
    list of radios or checkboxes); "" for a form-wide error or a hidden field's."""
    summary = [("", "", error) for error in form.non_field_errors()]
    for field in form:
        anchor = "" if field.is_hidden else field.id_for_label or f"{field.auto_id}_0"
        summary += [(anchor, field.label, error) for error in field.errors]
    return summary
