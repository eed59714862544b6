"""The demo programme: the Innov’insertion day the local press described, as plain data.

``demo/services.py`` loads it (``manage.py load_demo``); ``bench_fill`` copies it. Every row
has a natural key (slugs, names, stand numbers), so loading twice changes nothing.
Descriptions are neutral placeholders, never anyone's words.
"""

import datetime as dt

from events.enums import Floor, StageRole, TimetableItemKind
from exhibitors.enums import ActivityKind, ContractType, OrganisationKind
from workshops.enums import WorkshopTheme

DEMO_SLUG = "innov-insertion"
GROUND, GARDEN = Floor.GROUND_FLOOR, Floor.GARDEN_LEVEL
AMPHI, FORUM_HALL, FORUM_GALLERY = "Amphithéâtre", "Hall du forum", "Galerie du forum"
ROOM_1, ROOM_2, ROOM_3, ROOM_4 = (f"Salle atelier {n}" for n in range(1, 5))

EVENT = {
    "name": "Innov’insertion",
    "tagline": "La journée de l’emploi et de l’innovation sociale de la CUCM",
    "description": (
        "Un forum de l’emploi et de l’innovation sociale, une douzaine d’ateliers, puis une "
        "conférence et une table ronde en fin d’après-midi. Ouvert à toutes et à tous, en "
        "priorité aux jeunes travailleurs, aux bénéficiaires du RSA et aux demandeurs d’emploi."
    ),
    "organiser": "Communauté Urbaine Creusot Montceau (CUCM)",
    "opens_at": dt.time(9, 0),
    "closes_at": dt.time(19, 30),
    "venue": "Technopôle Hub&Go",
    "address": "Technopôle Hub&Go",
    "postcode": "71200",
    "city": "Le Creusot",
    "getting_there": (
        "En bus : lignes du réseau de la Communauté urbaine, arrêt le plus proche du "
        "technopôle. En voiture : parking gratuit devant le bâtiment. En train : gare "
        "Le Creusot – Montceau – Montchanin TGV, puis bus ou taxi."
    ),
    "venue_accessibility": (
        "Bâtiment accessible en fauteuil roulant, ascenseur entre le rez-de-jardin et le "
        "rez-de-chaussée, places de stationnement réservées près de l’entrée. Un accueil vous "
        "oriente à l’entrée ; signalez tout besoin particulier à l’adresse de contact."
    ),
    "contact_email": "contact@innov-insertion.example",
    "is_published": True,
}

SPACES = [
    {"name": AMPHI, "floor": GROUND, "capacity": 150, "directions": "Au fond du hall d’accueil."},
    {"name": FORUM_HALL, "floor": GROUND, "capacity": 300, "directions": "Dès l’entrée."},
    {"name": FORUM_GALLERY, "floor": GARDEN, "capacity": 200, "directions": "Par l’escalier."},
    {"name": ROOM_1, "floor": GROUND, "capacity": 25, "directions": "Couloir de gauche."},
    {"name": ROOM_2, "floor": GROUND, "capacity": 20, "directions": "Couloir de gauche."},
    {"name": ROOM_3, "floor": GARDEN, "capacity": 20, "directions": "À côté de la galerie."},
    {"name": ROOM_4, "floor": GARDEN, "capacity": 15, "directions": "Au bout de la galerie."},
]

SECTORS = [
    "Industrie",
    "Logistique",
    "Commerce",
    "Aide à la personne",
    "Insertion",
    "Formation",
    "Économie sociale et solidaire",
    "Services publics",
]

ORGANISATIONS = [
    {"slug": "agire", "name": "Agire", "kind": OrganisationKind.ASSOCIATION,
     "sectors": ["insertion", "logistique"], "stand": 1,
     "description": "Structure d’insertion : missions de travail et accompagnement vers un "
     "emploi durable."},
    {"slug": "admr", "name": "ADMR", "kind": OrganisationKind.ASSOCIATION,
     "sectors": ["aide-a-la-personne"], "stand": 2,
     "description": "Association d’aide à domicile : accompagnement des personnes âgées, des "
     "familles et des personnes en situation de handicap."},
    {"slug": "michelin", "name": "Michelin", "kind": OrganisationKind.PRIVATE_EMPLOYER,
     "sectors": ["industrie"], "stand": 3,
     "description": "Fabricant de pneumatiques : métiers de la production et de la maintenance "
     "industrielle."},
    {"slug": "apor", "name": "APOR", "kind": OrganisationKind.ASSOCIATION,
     "sectors": ["insertion", "formation"], "stand": 4,
     "description": "Association d’accompagnement vers l’emploi : orientation, préparation "
     "aux entretiens, suivi des parcours."},
    {"slug": "restos-du-coeur", "name": "Les Restos du Cœur", "kind": OrganisationKind.ASSOCIATION,
     "sectors": ["insertion", "logistique", "economie-sociale-et-solidaire"], "stand": 5,
     "description": "Association d’aide alimentaire et d’aide à l’insertion, qui accueille "
     "aussi des bénévoles."},
    {"slug": "france-travail", "name": "France Travail", "kind": OrganisationKind.INSTITUTION,
     "sectors": ["services-publics"], "stand": 6,
     "description": "Service public de l’emploi : inscription, accompagnement des demandeurs "
     "d’emploi, offres du territoire."},
    {"slug": "eureka", "name": "Eureka", "kind": OrganisationKind.TRAINING_BODY,
     "sectors": ["formation"], "stand": 7,
     "description": "Organisme de formation : remise à niveau, orientation et préparation aux "
     "métiers qui recrutent."},
    {"slug": "solif", "name": "Solif", "kind": OrganisationKind.ASSOCIATION,
     "sectors": ["economie-sociale-et-solidaire", "insertion"], "stand": 8,
     "description": "Association de l’économie sociale et solidaire : accompagnement et "
     "activités solidaires."},
    {"slug": "regie-de-territoire", "name": "Régie de Territoire",
     "kind": OrganisationKind.ASSOCIATION,
     "sectors": ["insertion", "economie-sociale-et-solidaire"], "stand": 9,
     "description": "Structure d’insertion par l’activité économique : entretien des espaces "
     "verts et du cadre de vie, contrats d’insertion accompagnés."},
    {"slug": "departement-de-saone-et-loire", "name": "Département de Saône-et-Loire",
     "kind": OrganisationKind.PUBLIC_EMPLOYER, "sectors": ["services-publics", "insertion"],
     "stand": 10,
     "description": "Collectivité chargée des solidarités (RSA, insertion, action sociale) et "
     "employeur public."},
    {"slug": "cmq-itip", "name": "CMQ ITIP", "kind": OrganisationKind.TRAINING_BODY,
     "sectors": ["industrie", "formation"], "stand": 11,
     "description": "Campus des métiers et des qualifications : établissements de formation "
     "et entreprises autour des métiers de l’industrie."},
    {"slug": "village-de-l-ess", "name": "Village de l’ESS", "kind": OrganisationKind.ASSOCIATION,
     "sectors": ["economie-sociale-et-solidaire", "commerce"], "stand": 12,
     "description": "Espace collectif des structures de l’économie sociale et solidaire du "
     "territoire : associations, coopératives, entreprises d’insertion."},
]  # fmt: skip
STANDS_ON_GROUND_FLOOR = 6  # stands 1–6 in the hall, 7–12 in the gallery below


def _sessions(org: str, kind: str, title: str, starts: list[str], *, minutes: int, seats: int):
    """Timed, seat-limited sessions of one stand activity (e.g. 20-minute VR immersions)."""
    return [
        {"org": org, "kind": kind, "title": title,
         "start": start, "minutes": minutes, "capacity": seats}
        for start in starts
    ]  # fmt: skip


VR, ROLE_PLAY, GAME = ActivityKind.VR_IMMERSION, ActivityKind.ROLE_PLAY, ActivityKind.GAME
CV, HR, INFO = ActivityKind.CV_DROP_OFF, ActivityKind.HR_MEETING, ActivityKind.INFORMATION
STAND_ACTIVITIES = [
    *_sessions("michelin", VR, "Casque d’immersion 3D : une ligne de production",
               ["10:00", "10:20", "10:40", "14:00", "14:20", "14:40"], minutes=20, seats=4),
    *_sessions("cmq-itip", VR, "Casque d’immersion 3D : les métiers de l’industrie",
               ["11:00", "11:20", "15:00", "15:20"], minutes=20, seats=4),
    *_sessions("admr", ROLE_PLAY, "Mise en situation : une journée d’aide à domicile",
               ["10:30", "14:30"], minutes=30, seats=6),
    *_sessions("apor", ROLE_PLAY, "Mise en situation : l’entretien d’embauche",
               ["11:00", "15:00"], minutes=30, seats=6),
    {"org": "michelin", "kind": HR, "title": "Rencontre avec l’équipe recrutement"},
    {"org": "michelin", "kind": CV, "title": "Dépôt de candidature"},
    {"org": "admr", "kind": CV, "title": "Dépôt de candidature"},
    {"org": "agire", "kind": GAME, "title": "Le jeu des métiers"},
    {"org": "agire", "kind": CV, "title": "Dépôt de candidature"},
    {"org": "restos-du-coeur", "kind": INFO, "title": "Devenir bénévole"},
    {"org": "france-travail", "kind": INFO, "title": "S’inscrire et se faire accompagner"},
    {"org": "france-travail", "kind": CV, "title": "Candidater aux offres du territoire"},
    {"org": "eureka", "kind": GAME, "title": "Quiz des compétences"},
    {"org": "solif", "kind": INFO, "title": "Découvrir les activités solidaires"},
    {"org": "regie-de-territoire", "kind": ROLE_PLAY, "title": "Essai d’outils d’espaces verts"},
    {"org": "departement-de-saone-et-loire", "kind": INFO, "title": "RSA et retour à l’emploi"},
    {"org": "departement-de-saone-et-loire", "kind": HR, "title": "Les métiers du Département"},
    {"org": "cmq-itip", "kind": INFO, "title": "Les formations aux métiers de l’industrie"},
    {"org": "village-de-l-ess", "kind": GAME, "title": "Jeu de l’oie de l’ESS"},
]  # fmt: skip

CT = ContractType
JOB_OFFERS = [
    {"org": "michelin", "title": "Opérateur / opératrice de production (H/F)",
     "contract_type": CT.TEMPORARY, "sector": "industrie", "place": "Montceau-les-Mines"},
    {"org": "michelin", "title": "Technicien·ne de maintenance en alternance",
     "contract_type": CT.APPRENTICESHIP, "sector": "industrie", "place": "Montceau-les-Mines"},
    {"org": "admr", "title": "Aide à domicile (H/F)",
     "contract_type": CT.CDI, "sector": "aide-a-la-personne", "place": "Le Creusot"},
    {"org": "admr", "title": "Auxiliaire de vie sociale (H/F)",
     "contract_type": CT.CDD, "sector": "aide-a-la-personne", "place": "Montchanin"},
    {"org": "agire", "title": "Préparateur / préparatrice de commandes",
     "contract_type": CT.INSERTION, "sector": "logistique", "place": "Torcy"},
    {"org": "regie-de-territoire", "title": "Agent·e d’entretien des espaces verts",
     "contract_type": CT.INSERTION, "sector": "insertion", "place": "Le Creusot"},
    {"org": "restos-du-coeur", "title": "Bénévole à la distribution",
     "contract_type": CT.VOLUNTEERING, "sector": "economie-sociale-et-solidaire",
     "place": "Montceau-les-Mines"},
    {"org": "departement-de-saone-et-loire", "title": "Agent·e d’exploitation des routes",
     "contract_type": CT.CDD, "sector": "services-publics", "place": "Montchanin"},
]  # fmt: skip

# Recruitment interview sessions (recruitment.services generates their slots): one open
# to all, bookable from the registration form; one on invitation only.
INTERVIEW_SESSIONS = [
    {"org": "admr", "title": "Entretiens de recrutement — aide à domicile",
     "description": "Un entretien de 20 minutes avec une responsable de secteur. Apportez "
     "votre CV si vous en avez un ; sinon, venez quand même.",
     "start": "14:00", "end": "16:00", "minutes": 20, "recruiters": 2,
     "invitation_only": False, "offers": ["Aide à domicile (H/F)"]},
    {"org": "michelin", "title": "Entretiens de recrutement — opérateurs de production",
     "description": "Entretiens avec l’équipe recrutement, pour les personnes invitées "
     "après leur candidature.",
     "start": "10:00", "end": "12:00", "minutes": 15, "recruiters": 1,
     "invitation_only": True, "offers": ["Opérateur / opératrice de production (H/F)"]},
]  # fmt: skip

EVERYONE = "Tout public, en priorité les demandeurs d’emploi"
WORKSHOPS = [
    {"slug": "preparer-sa-recherche-d-emploi", "title": "Préparer sa recherche d’emploi",
     "theme": WorkshopTheme.JOB_SEARCH, "host": "france-travail", "space": ROOM_1,
     "start": "09:30", "end": "10:30", "capacity": 20, "audience": EVERYONE,
     "description": "Faire le point sur son projet, cibler les offres et s’organiser."},
    {"slug": "definir-son-projet-professionnel", "title": "Définir son projet professionnel",
     "theme": WorkshopTheme.JOB_SEARCH, "host": "eureka", "space": ROOM_3,
     "start": "09:30", "end": "10:30", "capacity": 15, "audience": "Jeunes de 16 à 25 ans",
     "description": "Explorer les métiers qui recrutent et les formations qui y mènent."},
    {"slug": "cv-et-lettre-de-motivation", "title": "Réussir son CV et sa lettre de motivation",
     "theme": WorkshopTheme.APPLYING, "host": "agire", "space": ROOM_2,
     "start": "09:30", "end": "10:30", "capacity": 12, "audience": EVERYONE,
     "description": "Relire et améliorer son CV avec un conseiller ; apportez le vôtre."},
    {"slug": "entretien-d-embauche", "title": "S’entraîner à l’entretien d’embauche",
     "theme": WorkshopTheme.APPLYING, "host": "apor", "space": ROOM_4,
     "start": "11:00", "end": "12:00", "capacity": 10, "audience": EVERYONE,
     "description": "Mises en situation d’entretien, puis conseils personnalisés."},
    {"slug": "rh-industrie", "title": "Rencontrer les RH de l’industrie",
     "theme": WorkshopTheme.RECRUITERS, "host": "michelin", "space": ROOM_1,
     "start": "11:00", "end": "12:00", "capacity": 20, "audience": EVERYONE,
     "description": "Échanger avec des responsables du recrutement de l’industrie."},
    {"slug": "rh-logistique", "title": "Rencontrer les RH de la logistique",
     "theme": WorkshopTheme.RECRUITERS, "host_name": "Entreprises de la logistique du territoire",
     "space": ROOM_2, "start": "14:00", "end": "15:00", "capacity": 15, "audience": EVERYONE,
     "description": "Les métiers de l’entrepôt et du transport, et les postes à pourvoir."},
    {"slug": "rh-commerce", "title": "Rencontrer les RH du commerce",
     "theme": WorkshopTheme.RECRUITERS, "host_name": "Enseignes du commerce de la CUCM",
     "space": ROOM_3, "start": "14:00", "end": "15:00", "capacity": 15, "audience": EVERYONE,
     "description": "Vente, caisse, mise en rayon : les besoins des enseignes du territoire."},
    {"slug": "ia-et-emploi", "title": "L’intelligence artificielle et l’emploi",
     "theme": WorkshopTheme.ARTIFICIAL_INTELLIGENCE, "host": "cmq-itip", "space": ROOM_1,
     "start": "14:00", "end": "15:00", "capacity": 25, "audience": "Tout public",
     "description": "Ce que l’IA change dans les métiers et dans les façons de recruter."},
    {"slug": "ia-pour-sa-recherche-d-emploi", "title": "Utiliser l’IA pour sa recherche d’emploi",
     "theme": WorkshopTheme.ARTIFICIAL_INTELLIGENCE, "host": "france-travail", "space": ROOM_2,
     "start": "15:30", "end": "16:30", "capacity": 12, "audience": EVERYONE,
     "description": "Des outils d’IA pour préparer ses candidatures, et leurs limites."},
    {"slug": "competences-recherchees", "title": "Les compétences que recherchent les employeurs",
     "theme": WorkshopTheme.SKILLS, "host": "regie-de-territoire", "space": ROOM_3,
     "start": "11:00", "end": "12:00", "capacity": 20, "audience": EVERYONE,
     "description": "Savoir-faire et savoir-être : repérer et valoriser les siens."},
    {"slug": "lever-les-freins", "title": "Mobilité, garde d’enfants : lever les freins",
     "theme": WorkshopTheme.SUPPORT, "host": "solif", "space": ROOM_4,
     "start": "14:00", "end": "15:00", "capacity": 15, "audience": EVERYONE,
     "description": "Les aides pour se déplacer et s’organiser quand on reprend un emploi."},
    {"slug": "dispositifs-d-accompagnement", "title": "Les dispositifs d’accompagnement",
     "theme": WorkshopTheme.SUPPORT, "host": "departement-de-saone-et-loire", "space": ROOM_1,
     "start": "15:30", "end": "16:30", "capacity": 25, "audience": "Bénéficiaires du RSA",
     "description": "RSA, formation, accompagnement renforcé : qui fait quoi sur le territoire."},
]  # fmt: skip

CUCM = "Communauté Urbaine Creusot Montceau"
TIMETABLE = [
    {"kind": TimetableItemKind.FORUM, "title": "Forum de l’emploi et de l’innovation sociale",
     "space": FORUM_HALL, "start": "09:00", "end": "16:45", "capacity": None,
     "description": "Stands des employeurs, associations et institutions, sur les deux niveaux.",
     "speakers": []},
    {"kind": TimetableItemKind.CONFERENCE, "title": "Conférence Innov’insertion CUCM",
     "space": AMPHI, "start": "17:00", "end": "17:20", "capacity": 150,
     "description": "Ouverture de la conférence de fin de journée.",
     "speakers": [
         (StageRole.HOST, "David Marti", CUCM, "Président de la CUCM, maire du Creusot"),
     ]},
    {"kind": TimetableItemKind.ROUND_TABLE, "title": "Table ronde avec l’Impact Tank",
     "space": AMPHI, "start": "17:20", "end": "18:20", "capacity": None,
     "description": "L’innovation sociale au service de l’insertion, avec des acteurs de "
     "l’entreprise, de l’associatif et de la recherche.",
     "speakers": [
         (StageRole.MODERATOR, "Justine Journaix", "Impact Tank", ""),
         (StageRole.PANELIST, "Louis Raynaud", "Cabinet de conseil Bartle", ""),
         (StageRole.PANELIST, "Enorig Lasserre", "La Passerelle Sodexo", ""),
         (StageRole.PANELIST, "Marie Le Moigne", "1 km à pieds", ""),
         (StageRole.PANELIST, "Stéphane Loubet", "Geolink", ""),
         (StageRole.PANELIST, "Céline Peudenier", "Groupe SOS", ""),
         (StageRole.PANELIST, "Timothée Duverger", "Sciences Po Bordeaux", ""),
     ]},
    {"kind": TimetableItemKind.TESTIMONIES, "title": "Témoignages de parcours",
     "space": AMPHI, "start": "18:20", "end": "19:00", "capacity": None,
     "description": "Des parcours d’insertion et de formation racontés par celles et ceux qui "
     "les vivent.",
     "speakers": [
         (StageRole.TESTIMONY, "Justine Bobin", "Halmahera", ""),
         (StageRole.TESTIMONY, "Elisa Lauro", "UNITC Business", "étudiante"),
         (StageRole.TESTIMONY, "Emma Salce", "UNITC Business", "étudiante"),
         (StageRole.TESTIMONY, "Patrick Bruyas", "Vitaris", ""),
         (StageRole.TESTIMONY, "Valentyna Lytvynenko", "Greta 71", ""),
     ]},
    {"kind": TimetableItemKind.RECEPTION, "title": "Verre de l’amitié",
     "space": FORUM_HALL, "start": "19:00", "end": "19:30", "capacity": None,
     "description": "Pour poursuivre les échanges avec les intervenants et les structures.",
     "speakers": []},
]  # fmt: skip
