from django.db import models
from django.utils.translation import gettext_lazy as _


class Situation(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("Demandeur ou demandeuse d’emploi")
    RSA_BENEFICIARY = "rsa", _("Bénéficiaire du RSA")
    YOUNG_PERSON = "young", _("Jeune de moins de 26 ans ou jeune travailleur·se")
    CAREER_CHANGE = "career_change", _("Salarié·e en reconversion")
    OTHER = "other", _("Autre situation")


class HeardFrom(models.TextChoices):
    FRANCE_TRAVAIL = "france_travail", _("France Travail")
    YOUTH_MISSION = "youth_mission", _("La mission locale")
    SOCIAL_WORKER = "social_worker", _("Un travailleur social ou un référent RSA")
    POSTER = "poster", _("Une affiche ou un flyer")
    PRESS = "press", _("La presse ou la radio")
    SOCIAL_MEDIA = "social_media", _("Les réseaux sociaux")
    WORD_OF_MOUTH = "word_of_mouth", _("Le bouche-à-oreille")
    OTHER = "other", _("Autre")


class ParticipantState(models.TextChoices):
    REGISTERED = "registered", _("Inscrit·e")
    CANCELLED = "cancelled", _("Inscription annulée")


class BookingState(models.TextChoices):
    CONFIRMED = "confirmed", _("Place confirmée")
    WAITING = "waiting", _("Liste d’attente")
    CANCELLED = "cancelled", _("Annulée")


class InterviewOutcome(models.TextChoices):
    """What a recruiter notes after an interview (the applicant sees it on their page)."""

    SECOND_INTERVIEW = "second_interview", _("Second entretien")
    HIRED = "hired", _("Recruté·e")
    NOT_RETAINED = "not_retained", _("Non retenu·e")


class AccessNeedKind(models.TextChoices):
    """What a person may need to be welcomed; staff book interpreters and help from the counts."""

    SIGN_LANGUAGE = "sign_language", _("Interprète en langue des signes (LSF)")
    WHEELCHAIR = "wheelchair", _("Fauteuil roulant ou mobilité réduite")
    HEARING_LOOP = "hearing_loop", _("Boucle magnétique (malentendant·e)")
    READING_HELP = "reading_help", _("Aide pour lire ou écrire")
    LARGE_PRINT = "large_print", _("Documents en gros caractères")
    COMPANION = "companion", _("Je viens avec un accompagnant ou une accompagnante")
    ASSISTANCE_DOG = "assistance_dog", _("Je viens avec un chien d’assistance")
