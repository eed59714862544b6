from django.db import models
from django.utils.translation import gettext_lazy as _


class SlotLength(models.IntegerChoices):
    """How long one interview lasts."""

    TEN = 10, _("10 minutes")
    FIFTEEN = 15, _("15 minutes")
    TWENTY = 20, _("20 minutes")
    THIRTY = 30, _("30 minutes")
