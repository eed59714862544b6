from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    PUBLIC_EMPLOYER = "public_employer", _("Employeur public")
    PRIVATE_EMPLOYER = "private_employer", _("Employeur privé")
    ASSOCIATION = "association", _("Association")
    INSTITUTION = "institution", _("Institution")
    TRAINING_BODY = "training_body", _("Organisme de formation")


class ActivityKind(models.TextChoices):
    VR_IMMERSION = "vr_immersion", _("Immersion en casque de réalité virtuelle")
    ROLE_PLAY = "role_play", _("Mise en situation")
    GAME = "game", _("Jeu")
    CV_DROP_OFF = "cv_drop_off", _("Dépôt de candidature")
    HR_MEETING = "hr_meeting", _("Rencontre avec des responsables RH")
    INFORMATION = "information", _("Information et échanges")


class ContractType(models.TextChoices):
    CDI = "cdi", _("CDI")
    CDD = "cdd", _("CDD")
    TEMPORARY = "temporary", _("Intérim")
    APPRENTICESHIP = "apprenticeship", _("Alternance / apprentissage")
    INSERTION = "insertion", _("Contrat d'insertion")
    VOLUNTEERING = "volunteering", _("Service civique / bénévolat")
    INTERNSHIP = "internship", _("Stage / immersion")


class ApplicationStatus(models.TextChoices):
    NEW = "new", _("Nouvelle")
    CONTACTED = "contacted", _("Contacté·e")
    INTERVIEW = "interview", _("Entretien prévu")
    HIRED = "hired", _("Recruté·e")
    NOT_RETAINED = "not_retained", _("Non retenue")


class ApplicationNotice(models.TextChoices):
    """How a member of an organisation hears of new applications."""

    EACH = "each", _("Un courriel à chaque candidature")
    DAILY = "daily", _("Un récapitulatif par jour")
