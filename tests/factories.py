"""factory-boy factories for every model; tests build their data here, never by hand."""

import datetime as dt
import secrets
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from events.enums import Floor, StageRole, TimetableItemKind
from events.models import Event, Space, Speaker, StageAppearance, TimetableItem
from exhibitors.enums import ActivityKind, ContractType, OrganisationKind
from exhibitors.models import (
    Application,
    JobOffer,
    Organisation,
    OrganisationMember,
    Sector,
    Stand,
    StandActivity,
)
from participants.models import Participant
from workshops.enums import WorkshopTheme
from workshops.models import Workshop

PARIS = ZoneInfo("Europe/Paris")


def at(event: Event, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime on the event's day, in Paris time."""
    return dt.datetime.combine(event.date, dt.time(hour, minute), tzinfo=PARIS)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        django_get_or_create = ("slug",)

    name = "Innov'insertion"
    slug = factory.Sequence(lambda n: f"innov-insertion-{n}")
    tagline = "Journée de l'emploi et de l'innovation sociale"
    description = "Un forum, des ateliers et une conférence pour trouver sa voie."
    organiser = "Communauté Urbaine Creusot Montceau"
    date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    opens_at = dt.time(9, 0)
    closes_at = dt.time(19, 30)
    venue = "Technopôle Hub&Go"
    address = "1 rue de l'Innovation"
    postcode = "71200"
    city = "Le Creusot"
    getting_there = "Bus ligne 1, arrêt Hub&Go."
    venue_accessibility = "Bâtiment de plain-pied avec ascenseur."
    registration_opens_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.date - dt.timedelta(days=60), dt.time(0, 0), tzinfo=PARIS)
    )
    registration_closes_at = factory.LazyAttribute(
        lambda o: dt.datetime.combine(o.date, dt.time(0, 0), tzinfo=PARIS)
    )
    is_published = True


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Salle {n}")
    floor = Floor.GROUND_FLOOR
    capacity = 30


class TimetableItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimetableItem

    event = factory.SubFactory(EventFactory)
    kind = TimetableItemKind.CONFERENCE
    title = factory.Sequence(lambda n: f"Conférence {n}")
    starts_at = factory.LazyAttribute(lambda o: at(o.event, 17))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    space = factory.SubFactory(SpaceFactory, event=factory.SelfAttribute("..event"))


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    full_name = factory.Sequence(lambda n: f"Camille Martin {n}")
    organisation = "Impact Tank"


class StageAppearanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StageAppearance

    timetable_item = factory.SubFactory(TimetableItemFactory)
    speaker = factory.SubFactory(SpeakerFactory)
    role = StageRole.PANELIST


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Secteur {n}")
    slug = factory.Sequence(lambda n: f"secteur-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Entreprise {n}")
    slug = factory.Sequence(lambda n: f"entreprise-{n}")
    kind = OrganisationKind.PRIVATE_EMPLOYER
    description = "Une entreprise du territoire qui recrute."

    @factory.post_generation
    def sectors(self, create, extracted, **kwargs):
        if create and extracted:
            self.sectors.set(extracted)


class StandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stand

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    number = factory.Sequence(lambda n: n + 1)
    floor = Floor.GROUND_FLOOR


class StandActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandActivity

    stand = factory.SubFactory(StandFactory)
    kind = ActivityKind.INFORMATION
    title = "Échanges sur nos métiers"


class JobOfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobOffer

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Agent de production {n}")
    contract_type = ContractType.CDI
    place = "Le Creusot"
    is_published = True


PDF_BYTES = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
TEST_PASSWORD = "Forum-du-Creusot-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"contact.{n}@example.org")
    email = factory.SelfAttribute("username")
    password = factory.django.Password(TEST_PASSWORD)


class OrganisationMemberFactory(factory.django.DjangoModelFactory):
    """A portal account for an organisation (password: TEST_PASSWORD)."""

    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A CV left at a stand; the PDF goes to the private storage (tests point it to a
    temporary directory)."""

    class Meta:
        model = Application

    organisation = factory.SubFactory(OrganisationFactory)
    event = factory.SubFactory(EventFactory)
    first_name = "Karim"
    last_name = factory.Sequence(lambda n: f"Haddad-{n}")
    email = factory.Sequence(lambda n: f"karim.{n}@example.org")
    message = "Je cherche un poste en production."
    cv = factory.django.FileField(data=PDF_BYTES, filename="cv.pdf")
    file_key = factory.LazyFunction(lambda: secrets.token_hex(16))
    consent_at = factory.LazyFunction(timezone.now)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Atelier CV {n}")
    slug = factory.Sequence(lambda n: f"atelier-cv-{n}")
    theme = WorkshopTheme.APPLYING
    description = "Refaire son CV avec une conseillère."
    space = factory.SubFactory(SpaceFactory, event=factory.SelfAttribute("..event"))
    starts_at = factory.LazyAttribute(lambda o: at(o.event, 10))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))
    capacity = 12
    audience = "Tout public"


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A registered person with no bookings: book through participants.services."""

    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    first_name = "Amina"
    last_name = factory.Sequence(lambda n: f"Benali-{n}")
    email = factory.Sequence(lambda n: f"amina.{n}@example.org")
    phone = ""
    privacy_consent_at = factory.LazyFunction(timezone.now)
