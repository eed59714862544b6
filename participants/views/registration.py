"""Registration (the form the posters point to) and each person's own pages.

A person's pages are reached through the secret token of their personal link, never by
an id; every write goes through ``services.py``.
"""

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.validators import slug_re
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from events.cache import remembered
from events.enums import RegistrationState
from events.selectors import event_for_request
from innov_insertion.web import CurrentEventMixin, PrivatePageMixin, RateLimitedFormMixin

from .. import selectors, services, tickets
from ..bookables import booking_related, kind_named
from ..enums import BookingState, ParticipantState
from ..forms import BookingAddForm, RegistrationForm
from ..models import Participant

# The address the thanks page names ("we sent an email to …"), signed, for ten minutes.
THANKS_COOKIE = "inscription_courriel"
THANKS_SECONDS = 600

# An advisor's browser session: their own details (to fill the next form in) and the ids
# of the people they registered from it; forgotten after four hours without a registration.
# A person registering themselves opens no session.
ADVISOR_SESSION_KEY = "conseil"
ADVISOR_SESSION_SECONDS = 4 * 3600


def advisor_session(request) -> dict:
    """What this browser's session holds of an advisor; {} without a session (not opened)."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return {}
    return request.session.get(ADVISOR_SESSION_KEY) or {}


def advisor_registration_remember(request, *, form: RegistrationForm, participant) -> None:
    """The advisor's details and the person just registered, in the browser's session."""
    advisor = advisor_session(request)
    registered = [pk for pk in advisor.get("registered", []) if pk != participant.pk]
    request.session[ADVISOR_SESSION_KEY] = {
        **{name: form.cleaned_data[name] for name in RegistrationForm.REFERRER_FIELDS},
        "registered": [*registered, participant.pk],
    }
    request.session.set_expiry(ADVISOR_SESSION_SECONDS)


class RegistrationView(CurrentEventMixin, RateLimitedFormMixin, FormView):
    """The registration form, or why it is not there (not yet open, closed, past)."""

    template_name = "participants/register.html"
    form_class = RegistrationForm
    success_url = reverse_lazy("participants:thanks")
    ratelimit_group = "registration"
    ratelimit_message = gettext_lazy(
        "Trop d’inscriptions depuis cette connexion : réessayez dans une heure, ou appelez-nous."
    )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "event": self.event}

    def get_initial(self):
        return {
            **self.workshop_initial(),
            **self.conference_initial(),
            **self.interview_initial(),
            **self.advisor_initial(),
        }

    def advisor_initial(self) -> dict:
        """An advisor who registered someone from this browser: their own details again."""
        advisor = advisor_session(self.request)
        if not advisor:
            return {}
        return {"on_behalf": True, **{n: advisor[n] for n in RegistrationForm.REFERRER_FIELDS}}

    def workshop_initial(self) -> dict:
        """``?atelier=<slug>``: that workshop ticked (the links of the workshop pages)."""
        slug = self.request.GET.get("atelier", "")
        if not slug_re.match(slug):
            return {}
        kind = kind_named("workshop")
        # Looked up once per content version (events.cache; an unknown slug is not kept).
        chosen = remembered(
            f"registration-initial:{self.event.pk}:{hashlib.sha256(slug.encode()).hexdigest()}",
            lambda: (
                list(kind.bookable_in(self.event).filter(slug=slug).values_list("pk", flat=True))
                or None
            ),
        )
        return {kind.form_field: chosen or []}

    def conference_initial(self) -> dict:
        """``?conference=<id>``: that part of the conference ticked (the conference page)."""
        return self.id_initial(parameter="conference", kind_name="timetable_item")

    def interview_initial(self) -> dict:
        """``?entretien=<id>``: that interview slot ticked (the offer and stand pages); one
        on invitation only, cancelled or unknown is ignored (the form does not offer it)."""
        return self.id_initial(parameter="entretien", kind_name="interview_slot")

    def id_initial(self, *, parameter: str, kind_name: str) -> dict:
        """``?<parameter>=<id>``: that choice ticked when the form offers it."""
        item_id = self.request.GET.get(parameter, "")
        if not (item_id.isascii() and item_id.isdigit() and len(item_id) <= 18):
            return {}
        kind = kind_named(kind_name)
        chosen = remembered(  # once per content version; an unknown id is not kept
            f"registration-initial-{parameter}:{self.event.pk}:{int(item_id)}",
            lambda: (
                list(kind.bookable_in(self.event).filter(pk=item_id).values_list("pk", flat=True))
                or None
            ),
        )
        return {kind.form_field: chosen or []}

    def get_context_data(self, **kwargs):
        state = self.event.registration_state
        event_passed = self.event.date < timezone.localdate()
        fragment_key = None
        if "form" not in kwargs:
            # The form as first shown: the page (all but its CSRF token) is kept per content
            # version and language ({% fragment %}); the form is built only to render it.
            kwargs["form"] = SimpleLazyObject(self.get_form)
            if not self.advisor_initial():  # an advisor's details are never kept nor shared
                initial = {
                    **self.workshop_initial(),
                    **self.conference_initial(),
                    **self.interview_initial(),
                }
                form_key = RegistrationForm.fragment_key(event=self.event, initial=initial)
                fragment_key = f"{form_key}:{state}:{event_passed}"
        return super().get_context_data(
            registration_state=state,
            is_open=state == RegistrationState.OPEN,
            event_passed=event_passed,
            fragment_key=fragment_key,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if not self.event.is_registration_open:
            return self.render_to_response(self.get_context_data(form=None))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            result = services.registration_create(
                event=self.event,
                person=form.person(),
                targets=form.targets(),
                accepts_stand_contacts=form.cleaned_data["accepts_stand_contacts"],
            )
        except services.BookingError as error:
            # By the choices it is about (both, for an overlap); else at the top.
            if not form.booking_error_add(error):
                form.add_error(None, error.message)
            return self.form_invalid(form)
        if form.is_on_behalf and result.created:
            advisor_registration_remember(self.request, form=form, participant=result.participant)
            if form.advisor_email_dropped:
                messages.info(
                    self.request,
                    _(
                        "Le courriel indiqué pour la personne était le vôtre : il n’est pas "
                        "enregistré comme le sien. Elle est inscrite sans courriel à elle."
                    ),
                )
            return redirect("participants:advisor_thanks")
        email = form.cleaned_data["email"]
        if email:
            # The same page whether the address was new or known: it reveals nothing. The
            # address travels to it in a short-lived signed cookie, not a session: a
            # registration writes nothing more than the registration.
            response = redirect(self.success_url)
            response.set_signed_cookie(
                THANKS_COOKIE,
                email,
                salt=THANKS_COOKIE,
                max_age=THANKS_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
            return response
        participant = result.participant
        messages.success(
            self.request,
            _(
                "C’est noté : vous êtes inscrit·e. Gardez bien cette page (ajoutez-la à vos "
                "favoris) : son adresse est votre lien personnel pour retrouver votre billet et "
                "changer vos choix."
            ),
        )
        return redirect(participant)


class ThanksView(PrivatePageMixin, TemplateView):
    """After registering with an email: the same words for a new or a known address (named
    on the page: a private page)."""

    template_name = "participants/thanks.html"

    def get_context_data(self, **kwargs):
        email = self.request.get_signed_cookie(
            THANKS_COOKIE, default="", salt=THANKS_COOKIE, max_age=THANKS_SECONDS
        )
        return super().get_context_data(email=email, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        response.delete_cookie(THANKS_COOKIE, samesite="Lax")  # shown once
        return response


class AdvisorThanksView(PrivatePageMixin, TemplateView):
    """After an advisor registers someone: that person's ticket code and personal link, a
    way to register the next one, and everyone registered from this browser's session."""

    template_name = "participants/advisor_thanks.html"

    def get(self, request, *args, **kwargs):
        ids = advisor_session(request).get("registered", [])
        by_id = Participant.objects.filter(pk__in=ids, anonymised_at__isnull=True).in_bulk()
        self.people = [by_id[pk] for pk in ids if pk in by_id]
        if not self.people:
            return redirect("participants:register")
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        """« J’ai terminé » : the advisor's details and the list leave this browser."""
        if advisor_session(request):
            del request.session[ADVISOR_SESSION_KEY]
        messages.success(request, _("Vos coordonnées et la liste sont effacées de ce navigateur."))
        return redirect("participants:register")

    def get_context_data(self, **kwargs):
        url = self.request.build_absolute_uri
        people = [
            (person, url(person.get_absolute_url()), person.state == ParticipantState.REGISTERED)
            for person in self.people
        ]
        last, last_url, last_is_registered = people[-1]
        return super().get_context_data(
            last=last,
            last_url=last_url,
            last_is_registered=last_is_registered,
            people=people,
            **kwargs,
        )


class ParticipantMixin(PrivatePageMixin):
    """The person whose personal link is in the URL, or a 404 that says nothing of others.

    The token is the only key to these pages: they are private pages (never cached, indexed
    or sent to another site in a Referer header). With ``registered_only``, a cancelled
    registration goes back to its personal page.
    """

    registered_only = False

    def dispatch(self, request, *args, **kwargs):
        # Shown with the current edition the page has already (remembered per content
        # version: no join); a post reads the person's edition afresh with them.
        event = event_for_request(request) if request.method in ("GET", "HEAD") else None
        self.participant = selectors.participant_by_token(token=kwargs["token"], event=event)
        if self.participant is None:
            raise Http404("No such personal link.")
        return super().dispatch(request, *args, **kwargs)

    def answer_instead(self):
        if self.registered_only and not self.is_registered:
            return redirect(self.participant)
        return None

    @property
    def is_registered(self) -> bool:
        return self.participant.state == ParticipantState.REGISTERED

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            participant=self.participant,
            event=self.participant.event,
            is_registered=self.is_registered,
            **kwargs,
        )


class PersonalView(ParticipantMixin, TemplateView):
    """The person's page: ticket, plan, add or drop a choice, cancel, delete."""

    template_name = "participants/personal.html"

    def get_context_data(self, *, add_form=None, **kwargs):
        plan = selectors.participant_plan(participant=self.participant)
        event = self.participant.event
        can_add = self.is_registered and event.is_registration_open
        add_fragment_key = None
        if can_add and add_form is None:
            # As first shown, the form's HTML comes from {% fragment %}: built only to render it.
            held = [entry.booking for entry in plan]
            add_form = SimpleLazyObject(lambda: BookingAddForm(event=event, held=held))
            add_fragment_key = BookingAddForm.fragment_key(event=event, held=held)
        return super().get_context_data(
            plan=plan,
            can_add=can_add,
            add_form=add_form if can_add else None,
            add_fragment_key=add_fragment_key,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Add the choices ticked in the form, all or none: one refused (a clash with another
        or with one held) refuses them all, said by the choices concerned, the form as sent."""
        plan = selectors.participant_plan(participant=self.participant)
        form = BookingAddForm(
            request.POST, event=self.participant.event, held=[entry.booking for entry in plan]
        )
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(add_form=form))
        targets = form.targets()
        try:
            bookings = services.bookings_create(participant=self.participant, targets=targets)
        except services.BookingError as error:
            if form.booking_error_add(error):
                return self.render_to_response(self.get_context_data(add_form=form))
            messages.error(request, error.message)  # registration closed, say: nothing to mark
            return redirect(self.participant)
        for target, booking in zip(targets, bookings, strict=True):
            if booking.state == BookingState.CONFIRMED:
                text = _("« %(title)s » est ajouté à votre programme : place confirmée.")
            else:
                text = _(
                    "« %(title)s » est complet : vous êtes sur la liste d’attente. Nous vous "
                    "écrirons si une place se libère."
                )
            messages.success(request, text % {"title": target})
        return redirect(self.participant)


class BookingCancelView(ParticipantMixin, View):
    """Drop one choice; its seat goes at once to the first person waiting. GET asks first,
    on a page of its own (no JavaScript needed), saying what will be dropped."""

    registered_only = True

    def get(self, request, *args, booking_id: int, **kwargs):
        plan = selectors.participant_plan(participant=self.participant)
        entry = next((entry for entry in plan if entry.booking.pk == booking_id), None)
        if entry is None:  # dropped already, or not this person's: their page says what holds
            return redirect(self.participant)
        context = {"participant": self.participant, "event": self.participant.event}
        return render(request, "participants/booking_cancel.html", {**context, "entry": entry})

    def post(self, request, *args, booking_id: int, **kwargs):
        bookings = self.participant.bookings.select_related(*booking_related())
        booking = get_object_or_404(bookings, pk=booking_id)
        services.booking_cancel(booking=booking)
        messages.success(
            request,
            _("« %(title)s » est retiré de votre programme ; la place est libérée.")
            % {"title": booking.target},
        )
        return redirect(self.participant)


class CancelView(ParticipantMixin, TemplateView):
    """Confirm, then cancel the whole registration."""

    template_name = "participants/cancel.html"
    registered_only = True

    def post(self, request, *args, **kwargs):
        services.participant_cancel(participant=self.participant)
        messages.success(
            request,
            _("Votre inscription est annulée et vos places sont libérées. Vous pouvez tout de "
              "même venir au forum : l’entrée est libre."),
        )  # fmt: skip
        return redirect(self.participant)


class DeleteView(ParticipantMixin, TemplateView):
    """Confirm, then delete the person's data (their seats go to those waiting)."""

    template_name = "participants/delete.html"

    def post(self, request, *args, **kwargs):
        services.participant_delete(participant=self.participant)
        messages.success(request, _("Vos données ont été supprimées."))
        return redirect("home")


class TicketView(ParticipantMixin, TemplateView):
    """The ticket to print: QR code, code, name, date, address and plan."""

    template_name = "participants/ticket.html"
    registered_only = True

    def get_context_data(self, **kwargs):
        plan = selectors.participant_plan(participant=self.participant)
        return super().get_context_data(plan=plan, **kwargs)


class TicketQrView(ParticipantMixin, View):
    registered_only = True

    def get(self, request, *args, **kwargs):
        svg = tickets.ticket_qr_svg(participant=self.participant)
        return HttpResponse(svg, content_type="image/svg+xml")


class PlanIcsView(ParticipantMixin, View):
    registered_only = True

    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            tickets.plan_ics(participant=self.participant), content_type="text/calendar"
        )
        response["Content-Disposition"] = 'attachment; filename="innov-insertion.ics"'
        return response
