from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innov_insertion.history import ContentHistory

from .enums import Floor, RegistrationState, StageRole, TimetableItemKind


class LimitedSeatsModel(models.Model):
    """Something with a number of seats: a workshop, the conference, a stand activity.

    ``seats_taken`` counts confirmed bookings. Only the booking service of the
    participants app changes it, under a row lock; the database refuses more seats taken
    than there are seats, so a seat can never be sold twice.
    """

    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Vide : sans limite de places.")
    )
    seats_taken = models.PositiveIntegerField(
        _("places prises"),
        default=0,
        editable=False,
        help_text=_("Réservations confirmées, tenues à jour par les inscriptions."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="%(app_label)s_%(class)s_capacity_not_negative",
                violation_error_message=_("Le nombre de places ne peut pas être négatif."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(seats_taken__lte=F("capacity")),
                name="%(app_label)s_%(class)s_seats_taken_within_capacity",
                violation_error_message=_(
                    "Il y a déjà plus de places réservées que ce nombre de places."
                ),
            ),
        ]

    def save(self, *args, **kwargs):
        # Editing a workshop (say in the admin) never writes back the seat count it read:
        # a booking made meanwhile would be lost, and its seat sold twice.
        if not self._state.adding and kwargs.get("update_fields") is None:
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "seats_taken"
            ]
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # The form does not hold seats_taken, so Django would skip the constraint that
        # names it: check here, for a message next to the field instead of an error page.
        if self.capacity is not None and self.capacity < self.seats_taken:
            raise ValidationError(
                {
                    "capacity": _(
                        "%(taken)s places sont déjà réservées : le nombre de places ne peut "
                        "pas descendre en dessous."
                    )
                    % {"taken": self.seats_taken}
                }
            )

    @property
    def seats_left(self) -> int | None:
        """Seats still free; None when there is no limit."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.seats_taken >= self.capacity


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Event(models.Model):
    """One edition of the day."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    tagline = models.CharField(_("accroche"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    organiser = models.CharField(_("organisateur"), max_length=200)
    date = models.DateField(_("date"))
    opens_at = models.TimeField(_("ouverture des portes"))
    closes_at = models.TimeField(_("fin de la journée"))
    venue = models.CharField(_("lieu"), max_length=200)
    address = models.CharField(_("adresse"), max_length=300)
    postcode = models.CharField(_("code postal"), max_length=10)
    city = models.CharField(_("commune"), max_length=100)
    getting_there = models.TextField(
        _("venir sur place"), blank=True, help_text=_("Transports, stationnement, repères.")
    )
    venue_accessibility = models.TextField(
        _("accessibilité du lieu"),
        blank=True,
        help_text=_("Accès en fauteuil, ascenseurs, boucle magnétique, accueil adapté…"),
    )
    contact_email = models.EmailField(_("courriel de contact"), blank=True)
    contact_phone = models.CharField(_("téléphone de contact"), max_length=30, blank=True)
    registration_opens_at = models.DateTimeField(_("ouverture des inscriptions"))
    registration_closes_at = models.DateTimeField(_("clôture des inscriptions"))
    is_published = models.BooleanField(
        _("publié"), default=False, help_text=_("Visible sur le site public.")
    )
    no_show_release_minutes = models.PositiveSmallIntegerField(
        _("libération des places non occupées (minutes)"),
        default=10,
        validators=[MaxValueValidator(240)],
        help_text=_(
            "Minutes après le début d’un atelier, de la conférence ou d’une activité : les "
            "places des personnes qui ne sont pas arrivées sont alors libérées, pour la liste "
            "d’attente présente à la porte ou une personne venue sur place."
        ),
    )

    objects = EventQuerySet.as_manager()
    history = ContentHistory()

    class Meta:
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="event_closes_after_opening",
                violation_error_message=_("La journée doit finir après l'ouverture des portes."),
            ),
            models.CheckConstraint(
                condition=Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
                violation_error_message=_(
                    "La clôture des inscriptions doit suivre leur ouverture."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.date:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("home")

    @property
    def full_address(self) -> str:
        """Venue, street address and town on one line, without repeating the venue."""
        parts = [self.venue]
        if self.address and self.address != self.venue:
            parts.append(self.address)
        parts.append(f"{self.postcode} {self.city}".strip())
        return ", ".join(part for part in parts if part)

    @property
    def registration_state(self) -> RegistrationState:
        """Whether online registration is not yet open, open, or closed (or the day passed)."""
        now = timezone.now()
        if now < self.registration_opens_at:
            return RegistrationState.NOT_YET_OPEN
        if now >= self.registration_closes_at or timezone.localdate() > self.date:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN

    @property
    def is_registration_open(self) -> bool:
        return self.registration_state == RegistrationState.OPEN

    def no_show_release_at(self, starts_at: datetime | None) -> datetime | None:
        """When the seats of people who have not arrived at something starting at
        ``starts_at`` (a workshop, the conference, an activity session) are released; None
        for something without a start."""
        if starts_at is None:
            return None
        return starts_at + timedelta(minutes=self.no_show_release_minutes)


class Space(models.Model):
    """A room of the venue, on one of its floors."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="spaces", verbose_name=_("édition")
    )
    name = models.CharField(_("nom"), max_length=100)
    floor = models.CharField(_("niveau"), max_length=20, choices=Floor.choices)
    capacity = models.PositiveIntegerField(
        _("capacité"), null=True, blank=True, help_text=_("Vide : non précisée.")
    )
    directions = models.CharField(
        _("comment s'y rendre"), max_length=300, blank=True, help_text=_("Repère dans le bâtiment.")
    )

    history = ContentHistory()

    class Meta:
        verbose_name = _("salle")
        verbose_name_plural = _("salles")
        ordering = ["event", "floor", "name"]
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="space_unique_name_per_event"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="space_capacity_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_floor_display()})"


class TimetableItem(LimitedSeatsModel):
    """A moment of the day's timetable: forum hours, conference, round table, reception."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="timetable_items", verbose_name=_("édition")
    )
    kind = models.CharField(_("type"), max_length=20, choices=TimetableItemKind.choices)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    space = models.ForeignKey(
        Space,
        on_delete=models.PROTECT,
        related_name="timetable_items",
        verbose_name=_("salle"),
        null=True,
        blank=True,
    )
    speakers = models.ManyToManyField(
        "Speaker", through="StageAppearance", related_name="timetable_items", blank=True
    )

    # Who speaks (StageAppearance) keeps no history; seats_taken moves with every booking.
    history = ContentHistory(excluded_fields=["seats_taken"])

    class Meta:
        verbose_name = _("moment du programme")
        verbose_name_plural = _("moments du programme")
        ordering = ["starts_at", "ends_at", "title"]
        constraints = [
            *LimitedSeatsModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="timetable_item_ends_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
        ]

    def __str__(self):
        return self.title


class Speaker(models.Model):
    """A person on stage, with the organisation they speak for."""

    full_name = models.CharField(_("nom complet"), max_length=150)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    position = models.CharField(
        _("fonction"), max_length=200, blank=True, help_text=_("Ex. : étudiante, directrice.")
    )

    history = ContentHistory()

    class Meta:
        verbose_name = _("intervenant·e")
        verbose_name_plural = _("intervenant·es")
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["full_name", "organisation"], name="speaker_unique_name_organisation"
            )
        ]

    def __str__(self):
        return f"{self.full_name} ({self.organisation})" if self.organisation else self.full_name


class StageAppearance(models.Model):
    """The role a speaker plays in one timetable item."""

    timetable_item = models.ForeignKey(
        TimetableItem,
        on_delete=models.CASCADE,
        related_name="appearances",
        verbose_name=_("moment du programme"),
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="appearances", verbose_name=_("personne")
    )
    role = models.CharField(_("rôle"), max_length=20, choices=StageRole.choices)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("intervention")
        verbose_name_plural = _("interventions")
        ordering = ["timetable_item", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["timetable_item", "speaker"], name="appearance_unique_speaker_per_item"
            )
        ]

    def __str__(self):
        return f"{self.speaker} — {self.get_role_display()}"
