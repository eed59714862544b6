"""The public forum pages and the CV drop-off."""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from events.cache import remembered
from innov_insertion.web import CurrentEventMixin, RateLimitedFormMixin, paginate

from .. import hooks, selectors, services
from ..forms import ApplicationForm, ApplicationWithdrawForm, StandFilterForm
from ..models import JobOffer, Stand


class StandListView(CurrentEventMixin, TemplateView):
    template_name = "exhibitors/stand_list.html"

    def get_context_data(self, **kwargs):
        data = self.request.GET or None
        filters = StandFilterForm.valid_filters(data)
        filters_key = None if filters is None else self.filters_key(filters)

        def stands():  # an invalid filter shows every stand, beside the form's errors
            return selectors.stands_filtered(event=self.event, **(filters or {}))

        count = None  # counted by the paginator, or once per content version (events.cache)
        if filters_key is not None:
            count = remembered(
                f"stand-count:{self.event.pk}:{filters_key}", lambda: stands().count()
            )
        # The form and the stands are built only when the list is rendered, not when it
        # comes from {% fragment %} (kept per content version, filters and page).
        pages = paginate(self.request, stands, keep=StandFilterForm.base_fields, count=count)
        return super().get_context_data(
            form=SimpleLazyObject(lambda: StandFilterForm(data)),
            is_filtered=any((filters or {}).values()),
            fragment_key=None
            if filters_key is None
            else f"{filters_key}:{pages['page_obj'].number}",
            **pages,
            **kwargs,
        )

    @staticmethod
    def filters_key(filters: dict) -> str:
        """Valid filters (``StandFilterForm.valid_filters``) as the list's key for
        ``{% fragment %}`` and its count. Filters that do not exist have no key: the form
        shows why, and the list is rendered every time."""
        sector = filters.get("sector")
        kind, activity = filters.get("kind", ""), filters.get("activity", "")
        return f"{kind}:{sector.slug if sector else ''}:{activity}"


class StandDetailView(CurrentEventMixin, TemplateView):
    template_name = "exhibitors/stand_detail.html"

    def get_context_data(self, **kwargs):
        slug = self.kwargs["slug"]
        # Known once per content version (events.cache): no query when the page's content
        # comes from {% fragment %}.
        heading = remembered(  # an unknown slug is not remembered (None)
            f"stand-heading:{self.event.pk}:{hashlib.sha256(slug.encode()).hexdigest()}",
            lambda: selectors.stand_heading(event=self.event, organisation_slug=slug),
        )
        if heading is None:
            raise Http404("No stand for this organisation at this edition.")
        # The stand with its offers and activities is read only when the page's content is
        # rendered, not when it comes from {% fragment %} (kept per content version).
        stand = SimpleLazyObject(
            lambda: selectors.stand_detail(event=self.event, organisation_slug=slug)
        )
        return super().get_context_data(
            stand=stand,
            organisation=SimpleLazyObject(lambda: stand.organisation),
            job_offers=SimpleLazyObject(lambda: self.job_offers(stand)),
            # What apps above the forum show on the page (recruitment's interview sessions),
            # rendered by them (exhibitors.hooks), with the rest of the content.
            stand_sections=SimpleLazyObject(
                lambda: hooks.stand_page_html(stand=stand, event=self.event, request=self.request)
            ),
            stand_id=heading[0],
            organisation_name=heading[1],
            **kwargs,
        )

    @staticmethod
    def job_offers(stand: Stand) -> list[JobOffer]:
        """The stand's published offers, each with ``page_url``: its own page on the job
        board (``exhibitors.hooks``), or None."""
        offers = list(stand.organisation.job_offers.all())
        for offer in offers:
            offer.page_url = hooks.job_offer_url(offer)
        return offers


class ApplicationCreateView(CurrentEventMixin, RateLimitedFormMixin, FormView):
    """Leave a CV for one organisation (at its stand, or for one of its published offers)."""

    template_name = "exhibitors/application_form.html"
    form_class = ApplicationForm
    ratelimit_group = "application"
    ratelimit_message = gettext_lazy(
        "Trop de candidatures depuis cette connexion : réessayez dans une heure."
    )

    @cached_property
    def stand(self) -> Stand:
        try:
            return selectors.stand_for_applications(
                event=self.event, organisation_slug=self.kwargs["slug"]
            )
        except Stand.DoesNotExist:
            raise Http404("No stand for this organisation at this edition.") from None

    @property
    def organisation(self):
        return self.stand.organisation

    @cached_property
    def job_offer(self) -> JobOffer | None:
        if "offer_id" not in self.kwargs:
            return None
        try:
            return selectors.offer_for_applications(
                organisation=self.organisation, offer_id=self.kwargs["offer_id"]
            )
        except JobOffer.DoesNotExist:
            raise Http404("No such published offer of this organisation.") from None

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organisation": self.organisation,
            "retention_days": settings.CV_RETENTION_DAYS,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            stand=self.stand, organisation=self.organisation, job_offer=self.job_offer, **kwargs
        )

    def get_success_url(self):
        return self.organisation.get_absolute_url()

    def form_valid(self, form):
        try:
            services.application_create(
                organisation=self.organisation,
                event=self.event,
                applicant=form.applicant(),
                cv=form.cleaned_data["cv"],
                job_offer=self.job_offer,
                language=get_language(),
            )
        except services.ExhibitorError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Merci : votre candidature est transmise à %(name)s, qui vous répondra. Vous "
              "recevez un accusé de réception avec un lien pour la retirer.")
            % {"name": self.organisation.name},
        )  # fmt: skip
        return redirect(self.get_success_url())


class ApplicationWithdrawView(FormView):
    """The applicant's link: a page that asks, then a button that withdraws (no-JS POST).
    A link already used, or forged, says so kindly (404). Never cached: personal."""

    template_name = "exhibitors/application_withdraw.html"
    form_class = ApplicationWithdrawForm

    def dispatch(self, request, *args, **kwargs):
        self.application = services.application_for_withdraw_token(self.kwargs["token"])
        if self.application is None:
            response = self.render_to_response({"gone": True})
            response.status_code = 404
        else:
            response = super().dispatch(request, *args, **kwargs)
        add_never_cache_headers(response)
        return response

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.application, **kwargs)

    def form_valid(self, form):
        name = self.application.organisation.name
        services.application_withdraw(application=self.application)
        return self.render_to_response({"withdrawn": True, "organisation_name": name})
