"""The job board: every offer of the edition (/offres/) and each offer's page.

Built like the forum (exhibitors/views/forum.py): the pages without a query string come
from the page cache, the others keep their content per content version and valid filters
(``{% fragment %}``); the querysets and the form are built only when that content is
rendered."""

import hashlib

from django.http import Http404
from django.utils.functional import SimpleLazyObject
from django.views.generic import TemplateView

from events.cache import remembered
from innov_insertion.web import CurrentEventMixin, paginate

from .. import selectors
from ..forms import JobOfferFilterForm


def _hashed(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class JobOfferListView(CurrentEventMixin, TemplateView):
    template_name = "recruitment/offers/list.html"

    def get_context_data(self, **kwargs):
        data = self.request.GET or None
        filters = JobOfferFilterForm.valid_filters(data, event=self.event)
        filters_key = None if filters is None else self.filters_key(filters)

        def offers():  # an invalid filter shows every offer, beside the form's errors
            return selectors.job_offers_filtered(event=self.event, **(filters or {}))

        count = None  # counted by the paginator, or once per content version (events.cache)
        if filters_key is not None:
            count = remembered(
                f"offer-count:{self.event.pk}:{_hashed(filters_key)}", lambda: offers().count()
            )
        # The form and the offers are built only when the list is rendered, not when it
        # comes from {% fragment %} (kept per content version, filters and page).
        pages = paginate(self.request, offers, keep=JobOfferFilterForm.base_fields, count=count)
        return super().get_context_data(
            form=SimpleLazyObject(lambda: JobOfferFilterForm(data, event=self.event)),
            is_filtered=any((filters or {}).values()),
            fragment_key=None
            if filters_key is None
            else f"{filters_key}:{pages['page_obj'].number}",
            **pages,
            **kwargs,
        )

    @staticmethod
    def filters_key(filters: dict) -> str | None:
        """Valid filters (``JobOfferFilterForm.valid_filters``) as the list's key for
        ``{% fragment %}`` and its count: each one from a bounded set (the choices, the
        edition's towns, existing slugs), and the words searched by a digest of exactly what
        was typed (the form shows it back): a search asked again, as in a rush after a poster
        names a job, is served like a filter; the cache's own limits bound how many are kept."""
        sector, exhibitor = filters.get("sector"), filters.get("exhibitor")
        words = " ".join((filters.get("q") or "").split())
        return ":".join(
            [
                filters.get("contract", ""),
                sector.slug if sector else "",
                filters.get("town", ""),
                exhibitor.slug if exhibitor else "",
                hashlib.sha256(words.encode()).hexdigest()[:32] if words else "",
            ]
        )


class JobOfferDetailView(CurrentEventMixin, TemplateView):
    template_name = "recruitment/offers/detail.html"

    def get_context_data(self, **kwargs):
        slug = self.kwargs["slug"]
        # Known once per content version (events.cache): no query when the page's content
        # comes from {% fragment %}.
        heading = remembered(  # an unknown slug is not remembered (None)
            f"offer-heading:{self.event.pk}:{_hashed(slug)}",
            lambda: selectors.job_offer_heading(event=self.event, slug=slug),
        )
        if heading is None:
            raise Http404("No published offer with this address at this edition.")
        offer_id, title, organisation_name = heading
        # The offer, its stand and its interview sessions are read only when the page's
        # content is rendered, not when it comes from {% fragment %}.
        return super().get_context_data(
            offer=SimpleLazyObject(lambda: selectors.job_offer_detail(event=self.event, slug=slug)),
            sessions=SimpleLazyObject(
                lambda: list(selectors.job_offer_sessions(event=self.event, offer_id=offer_id))
            ),
            offer_id=offer_id,
            offer_title=title,
            organisation_name=organisation_name,
            **kwargs,
        )
