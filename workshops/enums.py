from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkshopTheme(models.TextChoices):
    JOB_SEARCH = "job_search", _("Préparer sa recherche d'emploi")
    APPLYING = "applying", _("Candidater")
    RECRUITERS = "recruiters", _("Rencontrer des recruteurs")
    ARTIFICIAL_INTELLIGENCE = "ai", _("Intelligence artificielle et emploi")
    SKILLS = "skills", _("Compétences recherchées")
    SUPPORT = "support", _("Dispositifs d'accompagnement")
