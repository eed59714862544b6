"""What the day itself records beyond the registrations: contacts met at the stands.

Arrivals and attendance are fields of ``participants`` (``Participant.checked_in_at``,
``Booking.attended_at``): the desk writes them through ``onsite.services``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from exhibitors.models import Stand
from participants.models import Participant


class StandContact(models.Model):
    """A meeting at a stand, recorded by the exhibitor scanning the visitor's ticket, only
    when the visitor agreed to it on registering."""

    stand = models.ForeignKey(
        Stand, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("stand")
    )
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        related_name="stand_contacts",
        verbose_name=_("participant·e"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("noté par"),
        null=True,
        blank=True,
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("rencontré·e le"), auto_now_add=True)

    class Meta:
        # The table it had in participants, kept: the move changed no row (migration 0001).
        db_table = "participants_standcontact"
        verbose_name = _("contact au stand")
        verbose_name_plural = _("contacts aux stands")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["stand", "participant"], name="stand_contact_once_per_stand"
            )
        ]

    def __str__(self):
        return f"{self.participant} @ {self.stand}"
