from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Floor(models.TextChoices):
    GARDEN_LEVEL = "rez_de_jardin", _("Rez-de-jardin")
    GROUND_FLOOR = "rez_de_chaussee", _("Rez-de-chaussée")


class TimetableItemKind(models.TextChoices):
    FORUM = "forum", _("Forum de l'emploi")
    WELCOME = "welcome", pgettext_lazy("timetable item kind", "Accueil")
    CONFERENCE = "conference", _("Conférence")
    ROUND_TABLE = "round_table", _("Table ronde")
    TESTIMONIES = "testimonies", _("Témoignages")
    RECEPTION = "reception", _("Verre de l'amitié")


class StageRole(models.TextChoices):
    HOST = "host", _("Ouverture")
    MODERATOR = "moderator", pgettext_lazy("stage role", "Animation")
    PANELIST = "panelist", _("Intervenant·e")
    TESTIMONY = "testimony", _("Témoignage")


class RegistrationState(models.TextChoices):
    NOT_YET_OPEN = "not_yet_open", _("Pas encore ouvertes")
    OPEN = "open", _("Ouvertes")
    CLOSED = "closed", _("Closes")
