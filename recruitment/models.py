"""Recruitment sessions: an exhibitor's timed interviews, cut into bookable slots.

A session (``InterviewSession``) is what an exhibitor or staff publish: a time range at the
stand or in a room, a slot length, how many recruiters interview in parallel, the offers
they recruit for, open to all or on invitation only. Its slots (``InterviewSlot``) are
generated from it (``services.interview_session_create``) and then edited one by one; a slot
is a bookable kind (``participants.bookables``): its seats are the recruiters in parallel.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from events.models import LimitedSeatsModel, Space
from exhibitors.models import JobOffer, Stand
from innov_insertion.history import ContentHistory

from .enums import SlotLength


class InterviewSessionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open_to_all(self):
        """Published and bookable by anyone (not on invitation only)."""
        return self.published().filter(invitation_only=False)


class InterviewSession(models.Model):
    """An exhibitor's recruitment interviews over a time range, cut into slots."""

    stand = models.ForeignKey(
        Stand,
        on_delete=models.CASCADE,
        related_name="interview_sessions",
        verbose_name=_("stand"),
    )
    title = models.CharField(
        _("intitulé"),
        max_length=200,
        help_text=_("Ex. : Entretiens de recrutement — agents de production."),
    )
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("durée d’un entretien"), choices=SlotLength.choices, default=SlotLength.TWENTY
    )
    recruiters = models.PositiveSmallIntegerField(
        _("recruteurs en parallèle"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
        help_text=_("Autant d’entretiens en même temps, donc de places par créneau."),
    )
    job_offers = models.ManyToManyField(
        JobOffer,
        related_name="interview_sessions",
        verbose_name=_("offres concernées"),
        blank=True,
    )
    space = models.ForeignKey(
        Space,
        on_delete=models.SET_NULL,
        related_name="interview_sessions",
        verbose_name=_("salle"),
        null=True,
        blank=True,
        help_text=_("Vide : sur le stand."),
    )
    invitation_only = models.BooleanField(
        _("sur invitation"),
        default=False,
        help_text=_(
            "Les créneaux ne sont proposés qu’aux personnes invitées depuis les candidatures."
        ),
    )
    is_published = models.BooleanField(_("publiée"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    objects = InterviewSessionQuerySet.as_manager()
    history = ContentHistory(m2m_fields=[job_offers])

    class Meta:
        verbose_name = _("session de recrutement")
        verbose_name_plural = _("sessions de recrutement")
        ordering = ["starts_at", "stand"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="interview_session_ends_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
            models.CheckConstraint(
                condition=Q(recruiters__gte=1),
                name="interview_session_one_recruiter_or_more",
                violation_error_message=_("Il faut au moins un recruteur."),
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.stand.organisation.name}"


class InterviewSlotQuerySet(models.QuerySet):
    def bookable(self):
        """Not cancelled, in a published session (invitations included)."""
        return self.filter(cancelled_at__isnull=True, session__is_published=True)


class InterviewSlot(LimitedSeatsModel):
    """One interview time of a session; ``capacity``: the recruiters in parallel."""

    session = models.ForeignKey(
        InterviewSession,
        on_delete=models.CASCADE,
        related_name="slots",
        verbose_name=_("session de recrutement"),
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)

    objects = InterviewSlotQuerySet.as_manager()
    history = ContentHistory(excluded_fields=["seats_taken"])

    class Meta:
        verbose_name = _("créneau d’entretien")
        verbose_name_plural = _("créneaux d’entretien")
        ordering = ["session", "starts_at"]
        constraints = [
            *LimitedSeatsModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="interview_slot_ends_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
            models.UniqueConstraint(
                fields=["session", "starts_at"],
                name="interview_slot_unique_start_per_session",
                violation_error_message=_("Cette session a déjà un créneau à cette heure."),
            ),
        ]

    def __str__(self):
        return self.session.title

    @property
    def title(self) -> str:
        """What lists and plans name it (bookable kinds have a title)."""
        return self.session.title

    @property
    def event_id(self) -> int:
        return self.session.stand.event_id

    @property
    def stand(self):
        """The exhibitor's stand (lists show a slot like a stand activity)."""
        return self.session.stand

    @property
    def space(self):
        """The session's room; ``None``: at the stand."""
        return self.session.space

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
