from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from events.models import Event, LimitedSeatsModel, Space
from exhibitors.models import Organisation
from innov_insertion.history import ContentHistory

from .enums import WorkshopTheme


class Workshop(LimitedSeatsModel):
    """A thematic workshop of an edition, in one room, with limited seats."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("édition")
    )
    title = models.CharField(_("titre"), max_length=200)
    slug = models.SlugField(_("identifiant d'URL"), max_length=100)
    theme = models.CharField(_("thème"), max_length=20, choices=WorkshopTheme.choices)
    description = models.TextField(_("description"), blank=True)
    host_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        related_name="workshops",
        verbose_name=_("organisation qui anime"),
        null=True,
        blank=True,
    )
    host_name = models.CharField(
        _("animé par (texte libre)"),
        max_length=200,
        blank=True,
        help_text=_("À remplir si l'animateur n'est pas une organisation du forum."),
    )
    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, related_name="workshops", verbose_name=_("salle")
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    audience = models.CharField(
        _("public"), max_length=200, blank=True, help_text=_("Ex. : tout public, moins de 26 ans.")
    )

    # seats_taken moves with every booking: not worth a history row each time.
    history = ContentHistory(excluded_fields=["seats_taken"])

    class Meta:
        verbose_name = _("atelier")
        verbose_name_plural = _("ateliers")
        ordering = ["starts_at", "title"]
        constraints = [
            *LimitedSeatsModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["event", "slug"], name="workshop_unique_slug_per_event"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="workshop_ends_after_start",
                violation_error_message=_("La fin de l'atelier doit suivre son début."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("workshops:detail", kwargs={"slug": self.slug})

    @property
    def host_display(self) -> str:
        if self.host_organisation_id:
            return self.host_organisation.name
        return self.host_name
