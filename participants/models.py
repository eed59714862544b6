import operator
import secrets
from functools import reduce

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event

from .bookables import BOOKABLE_KINDS, Bookable, BookableKind, kind_of
from .enums import (
    AccessNeedKind,
    BookingState,
    HeardFrom,
    InterviewOutcome,
    ParticipantState,
    Situation,
)

# Ticket codes are read aloud and typed at the desk: no 0/O or 1/I/L.
TICKET_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
TICKET_CODE_LENGTH = 10  # 31^10 ≈ 2^49 codes


def new_personal_token() -> str:
    """The secret of the personal link: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_ticket_code() -> str:
    """What the QR code on the ticket holds; it opens nothing by itself."""
    return "".join(secrets.choice(TICKET_ALPHABET) for _ in range(TICKET_CODE_LENGTH))


# Registered by an advisor (France Travail, mission locale, RSA referent…): the advisor left
# their name or address. The one definition, for the admin's filter, the dashboard and the
# emails' copy to the advisor.
REGISTERED_ON_BEHALF = ~Q(referrer_email="") | ~Q(referrer_name="")


class ParticipantQuerySet(models.QuerySet):
    def registered_on_behalf(self):
        return self.filter(REGISTERED_ON_BEHALF)


class Participant(models.Model):
    """A person registered for an edition, by themselves or by an advisor."""

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="participants", verbose_name=_("édition")
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("courriel"), max_length=254, blank=True)
    phone = models.CharField(_("téléphone"), max_length=30, blank=True)
    town = models.CharField(_("commune ou code postal"), max_length=100, blank=True)
    situation = models.CharField(
        _("situation"), max_length=20, choices=Situation.choices, blank=True
    )
    heard_from = models.CharField(
        _("connu par"), max_length=20, choices=HeardFrom.choices, blank=True
    )
    # Besides the needs ticked (``AccessNeed``, ``participant.access_needs``): anything else.
    access_needs_other = models.TextField(
        _("autre besoin d’accessibilité"), max_length=1000, blank=True
    )
    referrer_name = models.CharField(_("inscrit·e par (nom)"), max_length=150, blank=True)
    referrer_organisation = models.CharField(
        _("inscrit·e par (structure)"), max_length=150, blank=True
    )
    referrer_email = models.EmailField(_("inscrit·e par (courriel)"), max_length=254, blank=True)
    referrer_receives_copies = models.BooleanField(
        _("copie des messages à la personne qui l’a inscrit·e"),
        default=False,
        help_text=_("La personne accepte que son conseiller ou sa conseillère reçoive une copie."),
    )
    language = models.CharField(
        _("langue des messages"), max_length=8, choices=settings.LANGUAGES, default="fr"
    )
    prefers_text_messages = models.BooleanField(
        _("préfère les SMS"),
        default=False,
        help_text=_(
            "A donné un courriel et un téléphone, et préfère recevoir les messages par SMS."
        ),
    )
    text_messages_stopped_at = models.DateTimeField(
        _("SMS arrêtés le"),
        null=True,
        blank=True,
        help_text=_("A répondu STOP ou refusé les SMS sur sa page : plus aucun SMS."),
    )
    state = models.CharField(
        _("état"),
        max_length=20,
        choices=ParticipantState.choices,
        default=ParticipantState.REGISTERED,
    )
    token = models.CharField(
        _("jeton du lien personnel"),
        max_length=64,
        unique=True,
        default=new_personal_token,
        editable=False,
    )
    ticket_code = models.CharField(
        _("code du billet"), max_length=16, unique=True, default=new_ticket_code, editable=False
    )
    accepts_stand_contacts = models.BooleanField(
        _("accepte que les exposants notent la rencontre"),
        default=False,
        help_text=_(
            "La personne accepte qu’un exposant scanne son billet pour garder son contact."
        ),
    )
    is_walk_in = models.BooleanField(
        _("inscrit·e sur place"), default=False, help_text=_("Inscription prise à l’accueil.")
    )
    checked_in_at = models.DateTimeField(_("arrivé·e le"), null=True, blank=True)
    privacy_consent_at = models.DateTimeField(_("accord sur les données le"))
    created_at = models.DateTimeField(_("inscrit·e le"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation envoyée le"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisé·e le"), null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant·e")
        verbose_name_plural = _("participant·es")
        ordering = ["-created_at"]
        permissions = [
            ("view_situation", _("Peut voir la situation des participant·es (données sensibles)")),
            ("check_in", _("Peut accueillir : arrivées, présences et inscriptions sur place")),
            ("view_dashboard", _("Peut suivre le tableau de bord de la journée")),
            (
                "view_access_needs",
                _("Peut voir et exporter les besoins d’accessibilité (données sensibles)"),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~Q(email=""),
                name="participant_unique_email_per_event",
                violation_error_message=_("Cette adresse est déjà inscrite."),
            ),
            models.CheckConstraint(
                # A person registered by an advisor may have no contact of their own: the
                # advisor who receives their messages reaches them (#12).
                condition=~Q(email="", phone="")
                | Q(referrer_receives_copies=True) & ~Q(referrer_email="")
                | Q(anonymised_at__isnull=False),
                name="participant_reachable",
                violation_error_message=_(
                    "Un courriel ou un téléphone est nécessaire, ou le courriel du conseiller "
                    "ou de la conseillère qui reçoit les messages."
                ),
            ),
        ]
        indexes = [models.Index(fields=["event", "state"])]

    def __str__(self):
        if self.anonymised_at:
            return _("Participant·e anonymisé·e n° %(id)s") % {"id": self.pk}
        return f"{self.first_name} {self.last_name}"

    def get_absolute_url(self):
        return reverse("participants:personal", kwargs={"token": self.token})

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_registered_on_behalf(self) -> bool:
        """The same rule as ``REGISTERED_ON_BEHALF``, for a row already loaded."""
        return bool(self.referrer_email or self.referrer_name)


class BookingQuerySet(models.QuerySet):
    def active(self):
        """Confirmed seats and places on a waiting list."""
        return self.exclude(state=BookingState.CANCELLED)

    def confirmed(self):
        return self.filter(state=BookingState.CONFIRMED)

    def waiting(self):
        return self.filter(state=BookingState.WAITING)


def _booking_targets_model() -> type[models.Model]:
    """An abstract model with one nullable foreign key per bookable kind, for Booking."""
    target_fields = {
        kind.field: models.ForeignKey(
            kind.model,
            on_delete=models.PROTECT,
            related_name="bookings",
            verbose_name=kind.label,
            null=True,
            blank=True,
        )
        for kind in BOOKABLE_KINDS
    }
    meta = type("Meta", (), {"abstract": True})
    return type(
        "BookingTargets", (models.Model,), {"__module__": __name__, "Meta": meta, **target_fields}
    )


class Booking(_booking_targets_model()):
    """A participant's seat, or place in the queue, for exactly one thing with limited seats:
    one foreign key per bookable kind (``bookables.BOOKABLE_KINDS``: a workshop, a timetable
    item — the conference — or a stand activity), exactly one of them set."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="bookings",
        verbose_name=_("participant·e"),
    )
    state = models.CharField(_("état"), max_length=20, choices=BookingState.choices)
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    queued_at = models.DateTimeField(
        _("en attente depuis"),
        null=True,
        blank=True,
        help_text=_("Ordre de la liste d’attente : le plus ancien passe en premier."),
    )
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    attended_at = models.DateTimeField(_("présence notée le"), null=True, blank=True)
    released_at = models.DateTimeField(
        _("place libérée le"),
        null=True,
        blank=True,
        help_text=_(
            "Absent·e au début : la place a été libérée pour une autre personne (la "
            "réservation est alors annulée)."
        ),
    )
    # An interview slot's booking, as the recruiter notes it (onsite: the recruiter's day).
    noted_absent_at = models.DateTimeField(_("absence notée le"), null=True, blank=True)
    outcome = models.CharField(
        _("suite donnée"), max_length=20, choices=InterviewOutcome.choices, blank=True
    )
    outcome_noted_at = models.DateTimeField(_("suite notée le"), null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        verbose_name = _("réservation")
        verbose_name_plural = _("réservations")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=reduce(
                    operator.or_,
                    (
                        Q(**{f"{other.field}__isnull": other != kind for other in BOOKABLE_KINDS})
                        for kind in BOOKABLE_KINDS
                    ),
                ),
                name="booking_exactly_one_target",
            ),
            *(
                models.UniqueConstraint(
                    fields=["participant", kind.field],
                    condition=Q(**{f"{kind.field}__isnull": False}),
                    name=f"booking_unique_{kind.field}_per_participant",
                )
                for kind in BOOKABLE_KINDS
            ),
            models.CheckConstraint(
                condition=~Q(state=BookingState.WAITING) | Q(queued_at__isnull=False),
                name="booking_waiting_has_queue_time",
            ),
        ]
        indexes = [
            models.Index(fields=[kind.field, "state", "queued_at"]) for kind in BOOKABLE_KINDS
        ]

    def __str__(self):
        return f"{self.participant} — {self.target} ({self.get_state_display()})"

    @property
    def kind(self) -> BookableKind:
        return next(kind for kind in BOOKABLE_KINDS if getattr(self, f"{kind.field}_id"))

    @property
    def target(self) -> Bookable:
        return getattr(self, self.kind.field)

    @staticmethod
    def target_filter(target: Bookable) -> dict:
        """``Booking.objects.filter(**Booking.target_filter(workshop))``."""
        return {kind_of(target).field: target}


class AccessNeed(models.Model):
    """One need a person declared (at registration, at the desk or on their personal page):
    shown at check-in and the workshop doors, counted on the dashboard. Sensitive (it may
    reveal a disability): exported only with ``participants.view_access_needs``, purged with
    the rest of the person's data."""

    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="access_needs",
        verbose_name=_("participant·e"),
    )
    kind = models.CharField(_("besoin"), max_length=30, choices=AccessNeedKind.choices)

    class Meta:
        verbose_name = _("besoin d’accessibilité")
        verbose_name_plural = _("besoins d’accessibilité")
        ordering = ["participant", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "kind"], name="access_need_unique_per_participant"
            )
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        return self.get_kind_display()
