"""Advisors (France Travail, mission locale, RSA referent) who register several people (#12).

Each person registered on behalf is identified by their own contact, never by the advisor's
address; the advisor gets copies only when the person agreed, and sees, after each
registration, the person's ticket and link and everyone registered from the same browser.
"""

import datetime as dt
import re
from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from participants import services
from participants.enums import ParticipantState
from participants.forms import RegistrationForm
from participants.models import Participant

from ..factories import EventFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

REGISTER_URL = "/inscription/"
ADVISOR_URL = "/inscription/merci/conseil/"
ADVISOR_EMAIL = "julie.morel@francetravail.example"
ADVISOR = {
    "on_behalf": "on",
    "referrer_name": "Julie Morel",
    "referrer_organisation": "France Travail Le Creusot",
    "referrer_email": ADVISOR_EMAIL,
    "referrer_consent": "on",
    "referrer_receives_copies": "on",
}
BENEFICIARIES = [("Amina", "Benali"), ("Karim", "Haddad"), ("Lucie", "Girard")]
NO_CONTACT_ERROR = (
    "Indiquez le courriel ou le téléphone de la personne (pas les vôtres), ou cochez plus haut "
    "« La personne est d’accord pour que je reçoive une copie de ses messages » : vous les "
    "recevrez pour elle."
)
CONFIRMED = "Innov’insertion : votre inscription est confirmée"


def on_behalf(first_name="Amina", last_name="Benali", **data):
    """The registration form as an advisor fills it in for someone with no contact."""
    return {
        **ADVISOR,
        "first_name": first_name,
        "last_name": last_name,
        "email": "",
        "phone": "",
        "privacy_consent": "on",
        **data,
    }


def form_of(event, **data) -> RegistrationForm:
    return RegistrationForm(data=on_behalf(**data), event=event)


def tomorrow_event():
    return EventFactory(date=timezone.localdate() + dt.timedelta(days=1))


def reminders_send():
    call_command("send_reminders", stdout=StringIO())


def advisor_details() -> dict:
    return {
        "referrer_name": "Julie Morel",
        "referrer_organisation": "France Travail",
        "referrer_email": ADVISOR_EMAIL,
        "referrer_receives_copies": True,
    }


# --- The form ----------------------------------------------------------------------------


def test_form_on_behalf_without_contact_is_valid_when_the_advisor_gets_the_messages(event):
    form = form_of(event)

    assert form.is_valid(), form.errors
    person = form.person()
    assert (person.email, person.phone, person.referrer_receives_copies) == ("", "", True)


def test_form_on_behalf_without_contact_nor_copies_names_it_once(event):
    form = form_of(event, referrer_receives_copies="")

    assert not form.is_valid()
    assert form.errors["email"] == [NO_CONTACT_ERROR]
    assert "phone" not in form.errors  # one rule, one error (the phone field points to it)
    assert "referrer_receives_copies" not in form.errors


def test_form_on_behalf_with_an_invalid_email_gets_one_error_on_it_not_two(event):
    form = form_of(event, email="amina@", referrer_receives_copies="")

    assert not form.is_valid()
    assert form.errors["email"] == ["Saisissez une adresse de courriel valide."]
    assert "phone" not in form.errors


def test_form_on_behalf_with_the_advisors_address_as_the_persons_keeps_no_email(event):
    form = form_of(event, email=" Julie.Morel@FranceTravail.example ")

    assert form.is_valid(), form.errors
    assert form.person().email == ""
    assert form.advisor_email_dropped is True


def test_form_on_behalf_with_the_advisors_address_and_no_copies_asks_for_a_contact(event):
    form = form_of(event, email=ADVISOR_EMAIL, referrer_receives_copies="")

    assert not form.is_valid()
    assert form.errors["email"] == [NO_CONTACT_ERROR]


def test_form_on_behalf_with_the_persons_own_phone_needs_no_copies(event):
    form = form_of(event, phone="06 12 34 56 78", referrer_receives_copies="")

    assert form.is_valid(), form.errors
    assert form.person().referrer_receives_copies is False


def test_form_by_oneself_still_needs_an_email_or_a_phone(event):
    form = RegistrationForm(
        data={"first_name": "Amina", "last_name": "Benali", "privacy_consent": "on"}, event=event
    )

    assert not form.is_valid()
    expected = ["Indiquez un courriel ou un téléphone, pour que nous puissions vous joindre."]
    assert form.errors["email"] == expected
    assert "phone" not in form.errors


# --- The service -------------------------------------------------------------------------


def test_registration_email_is_not_the_advisors():
    assert services.registration_email(email=" Amina@Example.org ") == "amina@example.org"
    assert services.registration_email(email="J@x.fr", referrer_email="j@X.fr ") == ""
    assert services.registration_email(email="a@x.fr", referrer_email="j@x.fr") == "a@x.fr"


def test_registration_create_on_behalf_with_the_advisors_address_makes_distinct_people(
    event, person
):
    results = [
        services.registration_create(
            event=event,
            person=person(email=ADVISOR_EMAIL, **advisor_details()),
            targets=[],
        )
        for _ in range(2)
    ]

    assert [result.created for result in results] == [True, True]
    assert Participant.objects.filter(email="").count() == 2


def test_registration_create_on_behalf_with_the_same_phone_makes_distinct_people(event, person):
    for _ in range(2):
        services.registration_create(
            event=event,
            person=person(phone="06 12 34 56 78", **advisor_details()),
            targets=[],
        )

    assert Participant.objects.count() == 2


def test_registration_create_on_behalf_with_the_persons_own_known_email_changes_nothing(
    event, register, person
):
    register(email="amina@example.org")

    result = services.registration_create(
        event=event, person=person(email="amina@example.org", **advisor_details()), targets=[]
    )

    assert result.created is False
    assert Participant.objects.count() == 1


# --- Three beneficiaries, end to end -------------------------------------------------------


@pytest.mark.parametrize("persons_email", ["", ADVISOR_EMAIL], ids=["left-empty", "advisors"])
def test_advisor_registers_three_beneficiaries_without_their_own_email(
    client, event, persons_email, django_capture_on_commit_callbacks
):
    for first_name, last_name in BENEFICIARIES:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                REGISTER_URL, on_behalf(first_name, last_name, email=persons_email)
            )
        assert response["Location"] == ADVISOR_URL

    people = list(Participant.objects.order_by("pk"))
    assert [(p.first_name, p.last_name) for p in people] == BENEFICIARIES
    assert {p.email for p in people} == {""}
    assert len({p.ticket_code for p in people}) == 3
    assert all(p.confirmation_sent_at for p in people)  # the advisor's copy is the message
    assert [message.to for message in mail.outbox] == [[ADVISOR_EMAIL]] * 3
    for message, participant in zip(mail.outbox, people, strict=True):
        assert message.subject == f"Copie concernant {participant.first_name} : {CONFIRMED}"
        assert f"vous avez inscrit {participant.full_name} à Innov’insertion" in message.body
        assert participant.ticket_code in message.body
        assert participant.get_absolute_url() in message.body
        assert "ne nous a pas donné d’adresse de courriel : transmettez-lui" in message.body


def test_advisor_with_their_own_address_typed_for_the_person_is_told_it_is_not_kept(client, event):
    response = client.post(REGISTER_URL, on_behalf(email=ADVISOR_EMAIL), follow=True)

    page = response.content.decode()
    assert "Le courriel indiqué pour la personne était le vôtre : il n’est pas enregistré" in page
    assert (
        "Elle n’a ni courriel ni téléphone : ses messages vous sont envoyés, à "
        f"{ADVISOR_EMAIL}." in page
    )


# --- The advisor's page --------------------------------------------------------------------


def test_advisor_page_shows_the_ticket_code_link_and_everyone_registered(client, event):
    for first_name, last_name in BENEFICIARIES:
        client.post(REGISTER_URL, on_behalf(first_name, last_name, phone="06 12 34 56 78"))

    page = client.get(ADVISOR_URL).content.decode()

    people = list(Participant.objects.order_by("pk"))
    last = people[-1]
    assert "C’est noté : Lucie Girard est inscrit·e" in page
    assert f'<p class="ticket-code">{last.ticket_code}</p>' in page
    assert f'value="http://testserver{last.get_absolute_url()}"' in page
    assert f'href="{reverse("participants:ticket", args=[last.token])}"' in page
    listed = re.findall(r"<strong>([^<]+)</strong>", page.split('id="titre-inscrits"')[1])
    assert listed == [p.full_name for p in people]
    for participant in people:
        assert participant.ticket_code in page
        assert f"http://testserver{participant.get_absolute_url()}" in page


def test_advisor_page_shows_a_cancelled_registration_as_cancelled(client, event):
    client.post(REGISTER_URL, on_behalf(phone="06 12 34 56 78"))
    client.post(REGISTER_URL, on_behalf("Karim", "Haddad", phone="06 12 34 56 79"))
    services.participant_cancel(participant=Participant.objects.get(first_name="Amina"))

    page = client.get(ADVISOR_URL).content.decode()

    listed = page.split('id="titre-inscrits"')[1]
    assert (
        'Amina Benali</strong> <span class="badge text-bg-secondary">Inscription annulée' in listed
    )
    assert "Karim Haddad</strong><br>" in listed


def test_advisor_page_without_registrations_goes_to_the_form(client, event):
    response = client.get(ADVISOR_URL)

    assert response["Location"] == reverse("participants:register")


def test_advisor_page_is_private(client, event):
    client.post(REGISTER_URL, on_behalf(phone="06 12 34 56 78"))

    response = client.get(ADVISOR_URL)

    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_register_another_person_keeps_the_advisors_details(client, event):
    client.post(REGISTER_URL, on_behalf(phone="06 12 34 56 78"))
    advisor_page = client.get(ADVISOR_URL).content.decode()
    assert f'href="{REGISTER_URL}">Inscrire une autre personne</a>' in advisor_page

    form = client.get(REGISTER_URL).context["form"]

    assert form.initial == {
        "on_behalf": True,
        "referrer_name": "Julie Morel",
        "referrer_organisation": "France Travail Le Creusot",
        "referrer_email": ADVISOR_EMAIL,
    }
    page = client.get(REGISTER_URL).content.decode()
    assert 'value="Julie Morel"' in page
    assert re.search(r'<input type="checkbox" name="on_behalf"[^>]* checked', page)
    assert not re.search(r'name="referrer_consent"[^>]* checked', page)
    assert 'value="Amina"' not in page


def test_register_another_person_keeps_the_workshop_link_too(client, event):
    workshop = WorkshopFactory(event=event, slug="cv")
    client.post(REGISTER_URL, on_behalf(phone="06 12 34 56 78"))

    form = client.get(REGISTER_URL, {"atelier": "cv"}).context["form"]

    assert form.initial["workshops"] == [workshop.pk]
    assert form.initial["referrer_email"] == ADVISOR_EMAIL


@pytest.mark.parametrize("advisor_first", [True, False], ids=["advisor-first", "visitor-first"])
def test_another_visitor_never_sees_the_advisors_details(client, event, advisor_first):
    client.post(REGISTER_URL, on_behalf(phone="06 12 34 56 78"))
    visitor = Client()
    if not advisor_first:
        visitor.get(REGISTER_URL)  # the shared fragment is stored

    advisor_page = client.get(REGISTER_URL).content.decode()
    visitor_page = visitor.get(REGISTER_URL).content.decode()

    assert "Julie Morel" in advisor_page
    for detail in ("Julie Morel", "France Travail Le Creusot", ADVISOR_EMAIL):
        assert detail not in visitor_page
    assert not re.search(r'name="on_behalf"[^>]* checked', visitor_page)
    assert visitor.get(ADVISOR_URL)["Location"] == reverse("participants:register")


def test_prefilled_form_is_rendered_outside_the_shared_fragment(rf, event):
    from participants.views.registration import ADVISOR_SESSION_KEY, RegistrationView

    request = rf.get(REGISTER_URL)
    request.COOKIES["sessionid"] = "x"
    request.session = {ADVISOR_SESSION_KEY: {"referrer_name": "Julie Morel",
                                             "referrer_organisation": "FT",
                                             "referrer_email": ADVISOR_EMAIL}}  # fmt: skip
    view = RegistrationView()
    view.setup(request)
    view.event = event

    context = view.get_context_data()

    assert context["fragment_key"] is None


def test_advisor_done_forgets_the_details_and_the_list(client, event):
    client.post(REGISTER_URL, on_behalf(phone="06 12 34 56 78"))

    response = client.post(ADVISOR_URL, follow=True)

    assert (
        "Vos coordonnées et la liste sont effacées de ce navigateur." in response.content.decode()
    )
    assert "Julie Morel" not in response.content.decode()
    assert client.get(ADVISOR_URL)["Location"] == reverse("participants:register")


def test_advisor_registering_someone_already_registered_sees_no_ticket(client, event, register):
    known = register(email="amina@example.org")

    response = client.post(REGISTER_URL, on_behalf(email="amina@example.org"))

    assert response["Location"] == "/inscription/merci/"
    assert client.get(ADVISOR_URL)["Location"] == reverse("participants:register")
    assert Participant.objects.get() == known


def test_advisor_registration_keeps_the_session_four_hours(client, event):
    client.post(REGISTER_URL, on_behalf(phone="06 12 34 56 78"))

    assert client.session.get_expiry_age() == 4 * 3600


def test_registering_oneself_writes_no_session(client, event):
    response = client.post(
        REGISTER_URL,
        {"first_name": "Amina", "last_name": "Benali", "phone": "0612345678",
         "privacy_consent": "on"},
    )  # fmt: skip

    assert response["Location"] == Participant.objects.get().get_absolute_url()
    assert "sessionid" not in response.cookies
    assert Session.objects.count() == 0


# --- Copies --------------------------------------------------------------------------------


def test_no_copy_when_the_person_did_not_agree(event, register, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        participant = register(
            first_name="Amina",
            referrer_name="Julie Morel",
            referrer_email=ADVISOR_EMAIL,
            referrer_receives_copies=False,
        )

    assert [message.to for message in mail.outbox] == [[participant.email]]


def test_copies_of_promotion_cancellation_and_reminder_when_the_person_agreed(
    event, register, django_capture_on_commit_callbacks
):
    event = tomorrow_event()
    workshop = WorkshopFactory(event=event, capacity=1)
    holder = register(workshop, event=event)
    advised = register(
        workshop,
        event=event,
        first_name="Karim",
        phone="06 12 34 56 78",
        referrer_name="Julie Morel",
        referrer_email=ADVISOR_EMAIL,
        referrer_receives_copies=True,
    )
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=holder.bookings.get())
    reminders_send()
    with django_capture_on_commit_callbacks(execute=True):
        services.participant_cancel(participant=advised)

    copies = [m.subject for m in mail.outbox if m.to == [ADVISOR_EMAIL]]
    assert copies == [
        "Copie concernant Karim : Innov’insertion : une place s’est libérée pour vous",
        "Copie concernant Karim : Innov’insertion, c’est demain !",
        "Copie concernant Karim : Innov’insertion : votre inscription est annulée",
    ]
    advised.refresh_from_db()
    assert advised.reminder_sent_at is not None
    assert advised.state == ParticipantState.CANCELLED


def test_reminder_has_no_copy_when_the_person_did_not_agree(event, register):
    participant = register(
        event=tomorrow_event(),
        referrer_email=ADVISOR_EMAIL,
        referrer_receives_copies=False,
    )

    reminders_send()

    assert [message.to for message in mail.outbox if "demain" in message.subject] == [
        [participant.email]
    ]


def test_reminder_of_someone_without_contact_goes_to_the_advisor(event, register):
    participant = register(
        event=tomorrow_event(),
        first_name="Lucie",
        email="",
        phone="",
        referrer_email=ADVISOR_EMAIL,
        referrer_receives_copies=True,
    )

    reminders_send()

    [message] = mail.outbox
    assert message.to == [ADVISOR_EMAIL]
    assert message.subject == "Copie concernant Lucie : Innov’insertion, c’est demain !"
    participant.refresh_from_db()
    assert participant.reminder_sent_at is not None
