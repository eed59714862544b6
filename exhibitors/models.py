from dataclasses import dataclass, field
from datetime import datetime

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.enums import Floor
from events.models import Event, LimitedSeatsModel

from .enums import ActivityKind, ContractType, OrganisationKind


class Sector(models.Model):
    """A field of work (industry, logistics, care…), shared by organisations and offers."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("secteur")
        verbose_name_plural = _("secteurs")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Organisation(models.Model):
    """An employer, association or institution that may hold a stand."""

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=OrganisationKind.choices)
    sectors = models.ManyToManyField(
        Sector, related_name="organisations", verbose_name=_("secteurs"), blank=True
    )
    description = models.TextField(_("présentation"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    contact_name = models.CharField(_("contact public"), max_length=150, blank=True)
    contact_email = models.EmailField(_("courriel public"), blank=True)
    contact_phone = models.CharField(_("téléphone public"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("exhibitors:detail", kwargs={"slug": self.slug})


@dataclass
class ActivityGroup:
    """The sessions of one stand activity (e.g. six 20-minute VR immersions), shown together."""

    title: str
    kind_label: str
    description: str
    capacity: int | None
    sessions: list[tuple[datetime, datetime]] = field(default_factory=list)


class Stand(models.Model):
    """An organisation's stand at one edition of the forum."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="stands", verbose_name=_("édition")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="stands",
        verbose_name=_("organisation"),
    )
    number = models.PositiveSmallIntegerField(_("numéro de stand"))
    floor = models.CharField(_("niveau"), max_length=20, choices=Floor.choices)
    location_hint = models.CharField(
        _("repère"), max_length=200, blank=True, help_text=_("Ex. : à droite de l'entrée.")
    )

    class Meta:
        verbose_name = _("stand")
        verbose_name_plural = _("stands")
        ordering = ["event", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "number"], name="stand_unique_number_per_event"
            ),
            models.UniqueConstraint(
                fields=["event", "organisation"], name="stand_one_per_organisation_per_event"
            ),
        ]

    def __str__(self):
        return _("Stand %(number)s — %(name)s") % {
            "number": self.number,
            "name": self.organisation.name,
        }

    def get_absolute_url(self):
        return self.organisation.get_absolute_url()

    @property
    def activity_groups(self) -> list[ActivityGroup]:
        """Activities grouped by kind and title, in order of first session (uses prefetch)."""
        groups: dict[tuple[str, str], ActivityGroup] = {}
        for activity in self.activities.all():
            group = groups.setdefault(
                (activity.kind, activity.title),
                ActivityGroup(
                    title=activity.title,
                    kind_label=activity.get_kind_display(),
                    description=activity.description,
                    capacity=activity.capacity,
                ),
            )
            if activity.starts_at and activity.ends_at:
                group.sessions.append((activity.starts_at, activity.ends_at))
        return list(groups.values())


class StandActivity(LimitedSeatsModel):
    """Something a visitor can do at a stand (VR headset, role play, CV drop-off…)."""

    stand = models.ForeignKey(
        Stand, on_delete=models.CASCADE, related_name="activities", verbose_name=_("stand")
    )
    kind = models.CharField(_("type"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("intitulé"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("début"), null=True, blank=True)
    ends_at = models.DateTimeField(_("fin"), null=True, blank=True)

    class Meta:
        verbose_name = _("activité de stand")
        verbose_name_plural = _("activités de stand")
        ordering = ["stand", "starts_at", "title"]
        constraints = [
            *LimitedSeatsModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(starts_at__isnull=True)
                | Q(ends_at__isnull=True)
                | Q(ends_at__gt=F("starts_at")),
                name="stand_activity_ends_after_start",
                violation_error_message=_("La fin doit suivre le début."),
            ),
        ]

    def __str__(self):
        return self.title


class JobOfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class JobOffer(models.Model):
    """A job, training or volunteering offer an organisation brings to the forum."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="job_offers",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("intitulé du poste"), max_length=200)
    contract_type = models.CharField(
        _("type de contrat"), max_length=20, choices=ContractType.choices
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.SET_NULL,
        related_name="job_offers",
        verbose_name=_("secteur"),
        null=True,
        blank=True,
    )
    place = models.CharField(_("lieu de travail"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("publiée"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = JobOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offre d'emploi")
        verbose_name_plural = _("offres d'emploi")
        ordering = ["organisation", "title"]

    def __str__(self):
        return f"{self.title} — {self.organisation}"
