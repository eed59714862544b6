"""The exhibitor portal: accounts, the stand page, activities, offers and applications.

Every read goes through a ``selectors.member_*`` query scoped to the user's organisations,
so another organisation's stand, offer, activity or application is a 404 whatever id is
typed; every write goes through ``services.py``.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.generic import CreateView, DeleteView, ListView, TemplateView, UpdateView, View

from events.selectors import event_for_request
from innov_insertion.web import PrivatePageMixin

from .. import selectors, services
from ..enums import ApplicationNotice
from ..forms import (
    ApplicationStatusForm,
    JobOfferForm,
    JobOfferPublishForm,
    MemberNoticeForm,
    OrganisationForm,
    PortalLoginForm,
    PortalPasswordResetForm,
    PortalSetPasswordForm,
    StandActivityForm,
)
from ..models import JobOffer, OrganisationMember, StandActivity

# --- Portal: accounts --------------------------------------------------------------------


class PortalLoginView(auth_views.LoginView):
    """The one sign-in page, for exhibitors and the day's staff alike (``/connexion/`` and
    ``/exposants/connexion/``). It knows nothing of roles: a safe ``?next=``, or else
    ``settings.LOGIN_REDIRECT_URL``, where the project sends each person to their place."""

    template_name = "exhibitors/portal/login.html"
    form_class = PortalLoginForm
    redirect_authenticated_user = True


class PortalLogoutView(auth_views.LogoutView):
    next_page = settings.LOGIN_URL

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("Vous êtes déconnecté·e. À bientôt !"))
        return response


class PortalPasswordResetView(auth_views.PasswordResetView):
    template_name = "exhibitors/portal/password_reset_form.html"
    form_class = PortalPasswordResetForm
    email_template_name = "exhibitors/emails/password_reset.txt"
    subject_template_name = "exhibitors/emails/password_reset_subject.txt"
    success_url = reverse_lazy("portal:password_reset_done")

    @property
    def extra_email_context(self):
        # Links are built on SITE_URL, never on the Host header of the request.
        return {"site_url": settings.SITE_URL}


class PortalPasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "exhibitors/portal/password_reset_done.html"


class PortalPasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """The invitation and the reset links land here; the new password logs the user in."""

    template_name = "exhibitors/portal/password_reset_confirm.html"
    form_class = PortalSetPasswordForm
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("portal:password_reset_complete")


class PortalPasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "exhibitors/portal/password_reset_complete.html"


# --- Portal: the exhibitor's space ---------------------------------------------------------


class MemberRequiredMixin(LoginRequiredMixin, PrivatePageMixin):
    """A logged-in member of an organisation, or a page that says why not (staff included).

    Sets ``self.organisations`` (the user's) and ``self.event`` (the current edition).
    Portal pages hold personal data: private pages.
    """

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.organisations = list(selectors.member_organisations(user=request.user))
        if self.organisations:
            self.event = event_for_request(request)
        return super().dispatch(request, *args, **kwargs)

    def answer_instead(self):
        if not self.organisations:
            return render(self.request, "exhibitors/portal/no_membership.html", status=403)
        return None

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            organisations=self.organisations, event=self.event, **kwargs
        )


class PortalHomeView(MemberRequiredMixin, TemplateView):
    template_name = "exhibitors/portal/home.html"

    def get_context_data(self, **kwargs):
        organisations = selectors.portal_organisations(user=self.request.user, event=self.event)
        return {**super().get_context_data(**kwargs), "organisations": organisations}


class OrganisationUpdateView(MemberRequiredMixin, UpdateView):
    template_name = "exhibitors/portal/organisation_form.html"
    form_class = OrganisationForm
    success_url = reverse_lazy("portal:home")

    def get_queryset(self):
        return selectors.member_organisations(user=self.request.user)

    def form_valid(self, form):
        organisation = services.organisation_update(
            organisation=self.object, details=form.details()
        )
        logo = form.cleaned_data["logo"]
        if logo is not None:
            services.organisation_logo_set(organisation=organisation, logo=logo)
        elif form.cleaned_data.get("logo_remove"):
            services.organisation_logo_set(organisation=organisation, logo=None)
        messages.success(self.request, _("La page du stand est à jour."))
        return redirect(self.success_url)


class StandActivityFormMixin:
    """Activities belong to one of the user's stands at the current edition."""

    template_name = "exhibitors/portal/activity_form.html"
    form_class = StandActivityForm
    success_url = reverse_lazy("portal:home")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "stand": self.stand}

    def get_context_data(self, **kwargs):
        return super().get_context_data(stand=self.stand, **kwargs)

    def form_valid(self, form):
        try:
            self.save(form)
        except services.ExhibitorError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("« %(title)s » est enregistrée.") % form.cleaned_data)
        return redirect(self.success_url)


class StandActivityCreateView(MemberRequiredMixin, StandActivityFormMixin, CreateView):
    @cached_property
    def stand(self):
        stands = selectors.member_stands(user=self.request.user, event=self.event)
        return get_object_or_404(stands, pk=self.kwargs["stand_id"])

    def get_form_kwargs(self):
        self.object = StandActivity(stand=self.stand)
        return super().get_form_kwargs()

    def save(self, form):
        services.stand_activity_create(stand=self.stand, details=form.details())


class StandActivityUpdateView(MemberRequiredMixin, StandActivityFormMixin, UpdateView):
    def get_queryset(self):
        return selectors.member_activities(user=self.request.user, event=self.event)

    @property
    def stand(self):
        return self.object.stand

    def save(self, form):
        services.stand_activity_update(activity=self.object, details=form.details())


class StandActivityDeleteView(MemberRequiredMixin, DeleteView):
    template_name = "exhibitors/portal/activity_delete.html"
    success_url = reverse_lazy("portal:home")

    def get_queryset(self):
        return selectors.member_activities(user=self.request.user, event=self.event)

    def form_valid(self, form):
        try:
            services.stand_activity_delete(activity=self.object)
        except services.ExhibitorError as error:
            messages.error(self.request, error.message)
        else:
            messages.success(
                self.request, _("« %(title)s » est supprimée.") % {"title": self.object.title}
            )
        return redirect(self.success_url)


class JobOfferListView(MemberRequiredMixin, ListView):
    template_name = "exhibitors/portal/offer_list.html"
    context_object_name = "offers"

    def get_queryset(self):
        return selectors.member_job_offers(user=self.request.user)


class JobOfferCreateView(MemberRequiredMixin, CreateView):
    template_name = "exhibitors/portal/offer_form.html"
    form_class = JobOfferForm
    success_url = reverse_lazy("portal:offers")

    @cached_property
    def organisation(self):
        organisations = selectors.member_organisations(user=self.request.user)
        return get_object_or_404(organisations, pk=self.kwargs["organisation_id"])

    def get_form_kwargs(self):
        self.object = JobOffer(organisation=self.organisation)
        return super().get_form_kwargs()

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)

    def form_valid(self, form):
        offer = services.job_offer_create(organisation=self.organisation, details=form.details())
        messages.success(
            self.request, _("L’offre « %(title)s » est enregistrée.") % {"title": offer.title}
        )
        return redirect(self.success_url)


class JobOfferUpdateView(MemberRequiredMixin, UpdateView):
    template_name = "exhibitors/portal/offer_form.html"
    form_class = JobOfferForm
    success_url = reverse_lazy("portal:offers")

    def get_queryset(self):
        return selectors.member_job_offers(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.object.organisation, **kwargs)

    def form_valid(self, form):
        offer = services.job_offer_update(job_offer=self.object, details=form.details())
        messages.success(self.request, _("L’offre « %(title)s » est enregistrée.") % {
            "title": offer.title
        })  # fmt: skip
        return redirect(self.success_url)


class JobOfferPublishView(MemberRequiredMixin, View):
    """Publish or withdraw one offer (POST only)."""

    def post(self, request, *args, pk: int, **kwargs):
        offer = get_object_or_404(selectors.member_job_offers(user=request.user), pk=pk)
        form = JobOfferPublishForm(request.POST)
        if form.is_valid():
            is_published = form.cleaned_data["is_published"]
            services.job_offers_publish(
                job_offers=JobOffer.objects.filter(pk=offer.pk), is_published=is_published
            )
            if is_published:
                text = _("L’offre « %(title)s » est publiée sur la page du stand.")
            else:
                text = _("L’offre « %(title)s » est retirée de la page du stand.")
            messages.success(request, text % {"title": offer.title})
        return redirect("portal:offers")


class ApplicationListView(MemberRequiredMixin, ListView):
    template_name = "exhibitors/portal/application_list.html"
    context_object_name = "applications"
    paginate_by = 50

    def get_queryset(self):
        return selectors.member_applications(user=self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(retention_days=settings.CV_RETENTION_DAYS, **kwargs)


class MemberNoticeView(MemberRequiredMixin, UpdateView):
    """How this member hears of new applications (each one by email, or a daily digest),
    and the language of their messages, for all their organisations at once. The site
    switches to that language too (its cookie), so the next sign-in keeps it."""

    template_name = "exhibitors/portal/notice_form.html"
    form_class = MemberNoticeForm
    success_url = reverse_lazy("portal:applications")

    def get_object(self, queryset=None):
        return get_object_or_404(
            OrganisationMember.objects.filter(user=self.request.user).order_by("pk")[:1]
        )

    def form_valid(self, form):
        notice = form.cleaned_data["application_notice"]
        language = form.cleaned_data["language"]
        for member in OrganisationMember.objects.filter(user=self.request.user):
            services.member_notice_set(member=member, notice=notice)
        services.member_language_set(user=self.request.user, language=language)
        with translation.override(language):
            messages.success(self.request, _("C’est noté : %(choice)s.") % {
                "choice": ApplicationNotice(notice).label
            })  # fmt: skip
        response = redirect(self.success_url)
        if language != translation.get_language():
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class ApplicationDetailView(MemberRequiredMixin, UpdateView):
    """One application: the message, the CV to download, and what came of it."""

    template_name = "exhibitors/portal/application_detail.html"
    form_class = ApplicationStatusForm
    context_object_name = "application"

    def get_queryset(self):
        return selectors.member_applications(user=self.request.user)

    def form_valid(self, form):
        application = services.application_status_set(
            application=self.object, status=form.cleaned_data["status"]
        )
        messages.success(
            self.request,
            _("Candidature de %(name)s : « %(status)s ».")
            % {
                "name": f"{application.first_name} {application.last_name}",
                "status": application.get_status_display(),
            },
        )
        return redirect(reverse("portal:application", kwargs={"pk": application.pk}))


class ApplicationCvView(MemberRequiredMixin, View):
    """The CV, to the members of its organisation only (others get a 404), never cached."""

    def get(self, request, *args, pk: int, **kwargs):
        application = get_object_or_404(selectors.member_applications(user=request.user), pk=pk)
        name = slugify(f"cv {application.last_name} {application.first_name}") or "cv"
        response = FileResponse(
            application.cv.open("rb"),
            as_attachment=True,
            filename=f"{name}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        return response
