"""What the demo remembers: the edition it created, so it never takes a real one for its own."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event


class DemoEdition(models.Model):
    """The edition ``load_demo`` created (or was told to take over with ``--force``)."""

    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("édition"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("édition de démonstration")
        verbose_name_plural = _("éditions de démonstration")
        ordering = ["-created_at"]

    def __str__(self):
        return str(self.event)
