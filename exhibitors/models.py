from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from events.enums import Floor
from events.models import Event, LimitedSeatsModel
from innov_insertion.history import ContentHistory

from .enums import (
    ActivityKind,
    ApplicationNotice,
    ApplicationStatus,
    ContractType,
    OrganisationKind,
)


class Sector(models.Model):
    """A field of work (industry, logistics, care…), shared by organisations and offers."""

    name = models.CharField(_("nom"), max_length=100, unique=True)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100, unique=True)

    history = ContentHistory()

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
    logo = models.ImageField(
        _("logo"),
        upload_to="logos/",
        blank=True,
        help_text=_("Réencodé par le serveur (JPEG, PNG ou WebP, 2 Mo au plus)."),
    )
    logo_thumbnail = models.ImageField(_("vignette du logo"), upload_to="logos/", blank=True)
    contact_name = models.CharField(_("contact public"), max_length=150, blank=True)
    contact_email = models.EmailField(_("courriel public"), blank=True)
    contact_phone = models.CharField(_("téléphone public"), max_length=30, blank=True)

    history = ContentHistory(m2m_fields=[sectors], excluded_fields=["logo_thumbnail"])

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

    history = ContentHistory()

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

    history = ContentHistory(excluded_fields=["seats_taken"])

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


JOB_OFFER_SLUG_LENGTH = 150
# Room left after the title and the organisation for a "-N" that tells two offers apart.
JOB_OFFER_SLUG_BASE_LENGTH = JOB_OFFER_SLUG_LENGTH - 8
# What slugify would drop but French words need: "d’entretien" → "d-entretien",
# "Cœur" → "coeur".
JOB_OFFER_SLUG_SPELLING = str.maketrans(
    {"’": " ", "'": " ", "ʼ": " ", "œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"}
)


def job_offer_slug_base(*, title: str, organisation_name: str) -> str:
    """The slug an offer's title and organisation give, before any "-N" (no query): what
    ``bench_fill``'s bulk copies use, their organisations' names being unique."""
    text = f"{title} {organisation_name}".translate(JOB_OFFER_SLUG_SPELLING)
    return slugify(text)[:JOB_OFFER_SLUG_BASE_LENGTH].strip("-") or "offre"


def job_offer_slug_free(*, title: str, organisation_name: str) -> str:
    """A slug no offer holds yet (one query): the title and organisation's, or that with
    "-2", "-3"… when other offers (the same title again, say) hold it."""
    base = job_offer_slug_base(title=title, organisation_name=organisation_name)
    taken = set(JobOffer.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


class JobOffer(models.Model):
    """A job, training or volunteering offer an organisation brings to the forum."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="job_offers",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("intitulé du poste"), max_length=200)
    slug = models.SlugField(
        _("identifiant d'URL"),
        max_length=JOB_OFFER_SLUG_LENGTH,
        unique=True,
        blank=True,
        help_text=_(
            "L’adresse de l’offre sur le site (/offres/…/) ; donné à la création d’après "
            "l’intitulé et l’organisation, puis inchangé."
        ),
    )
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
    history = ContentHistory()

    class Meta:
        verbose_name = _("offre d'emploi")
        verbose_name_plural = _("offres d'emploi")
        ordering = ["organisation", "title"]

    def __str__(self):
        return f"{self.title} — {self.organisation}"

    def save(self, *args, **kwargs):
        # Every offer has its address from its first save, whoever writes it (the services
        # for the portal and the admin, the demo, the tests' factories): a default worked
        # out from the row, like ``auto_now``. It never changes after (links to it last).
        if not self.slug:
            self.slug = job_offer_slug_free(
                title=self.title, organisation_name=self.organisation.name
            )
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)


class OrganisationMember(models.Model):
    """A user account that speaks for an organisation in the exhibitor portal."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("compte"),
    )
    invited_at = models.DateTimeField(_("invité·e le"), null=True, blank=True)
    application_notice = models.CharField(
        _("nouvelles candidatures"),
        max_length=10,
        choices=ApplicationNotice.choices,
        default=ApplicationNotice.EACH,
    )
    digest_sent_at = models.DateTimeField(_("dernier récapitulatif le"), null=True, blank=True)
    language = models.CharField(
        _("langue des messages"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "Celle de l’invitation, des avis de candidature et du récapitulatif ; elle suit "
            "la langue du site quand la personne se connecte."
        ),
    )

    class Meta:
        verbose_name = _("membre d’une organisation")
        verbose_name_plural = _("membres des organisations")
        ordering = ["organisation", "user__email"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="organisation_member_unique"
            )
        ]

    def __str__(self):
        return f"{self.user.get_username()} — {self.organisation}"


def _private_storage():
    """CVs live outside MEDIA_ROOT and are never served from a public URL."""
    return storages["private"]


def _cv_upload_to(application: "Application", filename: str) -> str:
    # The name is the server's: the visitor's file name is never used on disk.
    return f"cv/{application.organisation_id}/{application.file_key}.pdf"


class Application(models.Model):
    """A CV left at a stand or for a job offer, for that organisation alone."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("organisation"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="applications", verbose_name=_("édition")
    )
    job_offer = models.ForeignKey(
        JobOffer,
        on_delete=models.SET_NULL,
        related_name="applications",
        verbose_name=_("offre"),
        null=True,
        blank=True,
    )
    first_name = models.CharField(_("prénom"), max_length=100)
    last_name = models.CharField(_("nom"), max_length=100)
    email = models.EmailField(_("courriel"), max_length=254, blank=True)
    phone = models.CharField(_("téléphone"), max_length=20, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    cv = models.FileField(_("CV (PDF)"), upload_to=_cv_upload_to, storage=_private_storage)
    file_key = models.CharField(max_length=64, unique=True, editable=False)
    consent_at = models.DateTimeField(_("accord donné le"))
    status = models.CharField(
        _("suite donnée"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.NEW,
    )
    created_at = models.DateTimeField(_("reçue le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organisation", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(email="") | ~Q(phone=""),
                name="application_email_or_phone",
                violation_error_message=_("Indiquez un courriel ou un téléphone."),
            )
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} → {self.organisation}"
