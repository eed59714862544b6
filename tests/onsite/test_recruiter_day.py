"""The recruiter's day (issue 15, item 4): an exhibitor's interview slots with the people
booked, "Venu·e" / "Absent·e" and the outcome, the door scan for slots, a printed schedule per
recruiter, and the applicant reading the outcome on their personal page."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from onsite import services as onsite
from onsite.services import OnsiteError
from participants import services
from participants.enums import BookingState, InterviewOutcome
from recruitment.models import InterviewSlot

from ..factories import (
    ApplicationFactory,
    JobOfferFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    StandFactory,
    WorkshopFactory,
    at,
)
from ..recruitment.builders import session_make

pytestmark = pytest.mark.django_db

DAY_URL = reverse("onsite:recruiter_day")
PRINT_URL = reverse("onsite:recruiter_schedule")


@pytest.fixture
def forges(event):
    """An organisation at the current edition with a session 14:00–15:00, 20-minute slots,
    two recruiters, for an offer; and its recruiter's signed-in client."""
    organisation = OrganisationFactory(name="Forges du Creusot")
    stand = StandFactory(event=event, organisation=organisation, number=12)
    offer = JobOfferFactory(organisation=organisation, title="Soudeur ou soudeuse TIG")
    session = session_make(
        event,
        stand=stand,
        title="Entretiens — soudure",
        start=(14, 0),
        end=(15, 0),
        recruiters=2,
        job_offers=(offer,),
    )
    member = OrganisationMemberFactory(organisation=organisation)
    client = Client()
    client.force_login(member.user)
    return session, client


@pytest.fixture
def book(event, person):
    """Registers a new person for ``slot`` through the service; returns their booking."""

    def make(slot, *, consent: bool = False, **details):
        participant = services.registration_create(
            event=event, person=person(**details), targets=[slot], accepts_stand_contacts=consent
        ).participant
        return participant.bookings.get()

    return make


def slots_of(session) -> list[InterviewSlot]:
    return list(session.slots.order_by("starts_at"))


def started(slot: InterviewSlot) -> None:
    """The slot's time has come (moved to an hour ago: the edition is a month ahead)."""
    starts = timezone.now() - dt.timedelta(hours=1)
    InterviewSlot.objects.filter(pk=slot.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(minutes=20)
    )


# --- Services -------------------------------------------------------------------------------


def test_present_then_absent_then_present_each_clears_the_other(event, forges, book):
    session, _client = forges
    slot = slots_of(session)[0]
    booking = book(slot)
    arrived, later = at(event, 13, 55), at(event, 14, 10)

    onsite.interview_attendance_note(booking=booking, present=True, now=arrived)
    booking.refresh_from_db()
    assert (booking.attended_at, booking.noted_absent_at) == (arrived, None)

    onsite.interview_attendance_note(booking=booking, present=False, now=later)
    booking.refresh_from_db()
    assert (booking.attended_at, booking.noted_absent_at) == (None, later)

    onsite.interview_attendance_note(booking=booking, present=True, now=later)
    booking.refresh_from_db()
    assert (booking.attended_at, booking.noted_absent_at) == (later, None)


def test_a_second_present_keeps_the_first_arrival_time(event, forges, book):
    session, _client = forges
    booking = book(slots_of(session)[0])
    onsite.interview_attendance_note(booking=booking, present=True, now=at(event, 13, 58))

    onsite.interview_attendance_note(booking=booking, present=True, now=at(event, 14, 3))

    booking.refresh_from_db()
    assert booking.attended_at == at(event, 13, 58)


def test_an_outcome_is_noted_and_means_the_person_came(event, forges, book):
    session, _client = forges
    booking = book(slots_of(session)[0])
    onsite.interview_attendance_note(booking=booking, present=False, now=at(event, 14, 5))
    noted = at(event, 14, 25)

    onsite.interview_outcome_note(booking=booking, outcome=InterviewOutcome.HIRED, now=noted)

    booking.refresh_from_db()
    assert booking.outcome == InterviewOutcome.HIRED
    assert booking.outcome_noted_at == noted
    assert (booking.attended_at, booking.noted_absent_at) == (noted, None)


def test_a_later_outcome_replaces_the_first_and_absent_clears_it(event, forges, book):
    session, _client = forges
    booking = book(slots_of(session)[0])
    onsite.interview_outcome_note(
        booking=booking, outcome=InterviewOutcome.SECOND_INTERVIEW, now=at(event, 14, 20)
    )

    onsite.interview_outcome_note(
        booking=booking, outcome=InterviewOutcome.NOT_RETAINED, now=at(event, 14, 22)
    )
    booking.refresh_from_db()
    assert booking.outcome == InterviewOutcome.NOT_RETAINED

    onsite.interview_attendance_note(booking=booking, present=False, now=at(event, 14, 30))
    booking.refresh_from_db()
    assert (booking.outcome, booking.outcome_noted_at, booking.attended_at) == ("", None, None)


def test_absence_and_outcome_before_the_slot_starts_are_refused(event, forges, book):
    session, _client = forges
    booking = book(slots_of(session)[1])  # 14:20
    early = at(event, 14, 10)

    with pytest.raises(OnsiteError) as absent:
        onsite.interview_attendance_note(booking=booking, present=False, now=early)
    with pytest.raises(OnsiteError) as outcome:
        onsite.interview_outcome_note(booking=booking, outcome="hired", now=early)

    assert absent.value.code == outcome.value.code == "interview_too_early"
    assert "L’entretien de 14h20 n’a pas encore commencé" in absent.value.message
    booking.refresh_from_db()
    assert (booking.noted_absent_at, booking.outcome) == (None, "")


def test_an_unknown_outcome_is_refused(event, forges, book):
    session, _client = forges
    booking = book(slots_of(session)[0])

    with pytest.raises(OnsiteError) as refused:
        onsite.interview_outcome_note(booking=booking, outcome="promoted", now=at(event, 15))

    assert refused.value.code == "interview_outcome_unknown"
    booking.refresh_from_db()
    assert booking.outcome == ""


def test_a_waiting_list_place_or_a_workshop_booking_is_refused(event, forges, book, register):
    session, _client = forges
    slot = slots_of(session)[0]
    book(slot)
    book(slot)
    waiting = book(slot)
    workshop_booking = register(WorkshopFactory(event=event)).bookings.get()
    assert waiting.state == BookingState.WAITING

    with pytest.raises(OnsiteError) as not_confirmed:
        onsite.interview_attendance_note(booking=waiting, present=True)
    with pytest.raises(OnsiteError) as not_slot:
        onsite.interview_outcome_note(booking=workshop_booking, outcome="hired", now=at(event, 15))

    assert not_confirmed.value.code == "interview_not_confirmed"
    assert not_slot.value.code == "interview_not_slot"
    waiting.refresh_from_db()
    assert waiting.attended_at is None


# --- The door scan ----------------------------------------------------------------------------


def test_scanning_a_ticket_marks_the_person_present_and_says_so(forges, book):
    session, client = forges
    booking = book(slots_of(session)[1], first_name="Amina", last_name="Benali")
    code = booking.participant.ticket_code

    response = client.post(DAY_URL, {"code": code.lower()}, follow=True)

    assertContains(response, "Amina Benali — entretien de 14h20 : présent·e.")
    booking.refresh_from_db()
    booking.participant.refresh_from_db()
    assert booking.attended_at is not None
    assert booking.participant.checked_in_at is not None


def test_scanning_twice_says_when_the_person_arrived(forges, book):
    session, client = forges
    booking = book(slots_of(session)[0], first_name="Amina", last_name="Benali")
    client.post(DAY_URL, {"code": booking.participant.ticket_code})

    response = client.post(DAY_URL, {"code": booking.participant.ticket_code}, follow=True)

    assertContains(response, "Amina Benali — entretien de 14h00 : déjà noté·e présent·e à")


def test_an_unknown_code_or_a_ticket_without_an_interview_here_says_why(
    event, forges, book, register
):
    session, client = forges
    other_slot = slots_of(session_make(event, title="Ailleurs", start=(16, 0), end=(17, 0)))[0]
    elsewhere = book(other_slot, first_name="Karim", last_name="Haddad").participant

    unknown = client.post(DAY_URL, {"code": "ZZZZ999999"})
    no_interview = client.post(DAY_URL, {"code": elsewhere.ticket_code})

    assert unknown.status_code == no_interview.status_code == 200
    assertContains(unknown, "Aucun billet ne porte le code « ZZZZ999999 »")
    assertContains(
        no_interview, "Ce billet n’a pas d’entretien avec Forges du Creusot à cette édition."
    )
    assertNotContains(no_interview, "Haddad")
    assert elsewhere.bookings.get().attended_at is None


def test_a_ticket_on_the_waiting_list_is_told_and_not_marked(forges, book):
    session, client = forges
    slot = slots_of(session)[0]
    book(slot)
    book(slot)
    waiting = book(slot)

    response = client.post(DAY_URL, {"code": waiting.participant.ticket_code})

    assertContains(response, "Ce billet est sur la liste d’attente de l’entretien de 14h00")
    waiting.refresh_from_db()
    assert waiting.attended_at is None


# --- Access ---------------------------------------------------------------------------------


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(DAY_URL)

    assertRedirects(response, f"{reverse('login')}?next={DAY_URL}", fetch_redirect_response=False)


def test_staff_without_an_organisation_get_the_portal_refusal(client, role_user):
    client.force_login(role_user("Accueil"))

    response = client.get(DAY_URL)

    assert response.status_code == 403
    assertContains(response, "Espace exposant", status_code=403)


def test_a_recruiter_never_sees_nor_notes_another_organisations_bookings(event, forges, book):
    session, client = forges
    admr = StandFactory(event=event, organisation=OrganisationFactory(name="ADMR"))
    theirs = book(
        slots_of(session_make(event, stand=admr, start=(10, 0), end=(11, 0)))[0],
        first_name="Zoé",
        last_name="Secret",
        consent=True,
    )
    started(theirs.interview_slot)

    page = client.get(DAY_URL)
    present = client.post(
        reverse("onsite:interview_attendance", args=[theirs.pk]), {"present": "oui"}
    )
    outcome = client.post(
        reverse("onsite:interview_outcome", args=[theirs.pk]), {"outcome": "hired"}
    )
    scan = client.post(DAY_URL, {"code": theirs.participant.ticket_code})

    assertNotContains(page, "Secret")
    assertNotContains(page, "ADMR")
    assert present.status_code == outcome.status_code == 404
    assertContains(scan, "Ce billet n’a pas d’entretien avec Forges du Creusot")
    theirs.refresh_from_db()
    assert (theirs.attended_at, theirs.outcome) == (None, "")


# --- The page -------------------------------------------------------------------------------


def test_the_page_lists_each_slot_in_time_order_with_its_people_and_offer(forges, book):
    session, client = forges
    first, second, _third = slots_of(session)
    book(second, first_name="Amina", last_name="Benali")
    book(first, first_name="Karim", last_name="Haddad")
    slot = first
    book(slot)
    book(slot)  # waiting

    response = client.get(DAY_URL)

    html = response.content.decode()
    assert html.index("Karim Haddad") < html.index("Amina Benali")
    assertContains(response, "Soudeur ou soudeuse TIG", count=3)
    assertContains(response, "1 personne en liste d’attente")
    assertContains(response, "Recruteur 2")
    assertContains(response, "3 personnes attendues")


def test_the_cv_is_linked_only_when_the_person_applied_to_this_organisation(event, forges, book):
    session, client = forges
    organisation = session.stand.organisation
    first, second, third = slots_of(session)
    applied = book(first, email="amina.cv@example.org", first_name="Amina", last_name="Benali")
    by_phone = book(second, phone="+33612345678", first_name="Karim", last_name="Haddad")
    elsewhere = book(third, email="zoe@example.org", first_name="Zoé", last_name="Martin")
    application = ApplicationFactory(
        organisation=organisation, event=event, email="Amina.CV@example.org"
    )
    phone_application = ApplicationFactory(
        organisation=organisation, event=event, email="", phone="+33612345678"
    )
    ApplicationFactory(organisation=OrganisationFactory(), event=event, email="zoe@example.org")

    response = client.get(DAY_URL)

    assertContains(response, reverse("portal:application_cv", args=[application.pk]))
    assertContains(response, reverse("portal:application_cv", args=[phone_application.pk]))
    assertContains(response, "CV (PDF)", count=2)
    assertContains(response, elsewhere.participant.full_name)
    assertContains(response, reverse("portal:application", args=[application.pk]))
    assertContains(response, "Sa candidature", count=2)
    assert {applied.participant.email, by_phone.participant.phone} == {
        "amina.cv@example.org",
        "+33612345678",
    }


def test_contact_details_only_when_the_person_agreed(forges, book):
    session, client = forges
    first, second, _third = slots_of(session)
    book(first, email="oui@example.org", phone="+33612345678", consent=True)
    book(second, email="non@example.org", phone="+33698765432", consent=False)

    response = client.get(DAY_URL)

    assertContains(response, "mailto:oui@example.org")
    assertContains(response, "06 12 34 56 78")
    assertNotContains(response, "non@example.org")
    assertNotContains(response, "98 76 54 32")
    assertContains(response, "Contact non partagé par la personne.", count=1)


def test_absence_and_outcome_buttons_appear_once_the_slot_has_started(forges, book):
    session, client = forges
    first, second, _third = slots_of(session)
    book(first, first_name="Amina", last_name="Benali")
    book(second, first_name="Karim", last_name="Haddad")
    started(first)

    response = client.get(DAY_URL)

    assertContains(response, 'Recruté·e<span class="visually-hidden"> : Amina Benali', count=1)
    assertNotContains(response, ": Karim Haddad</span></button><button")
    assertContains(response, 'Venu·e<span class="visually-hidden"> : Karim Haddad')
    assertContains(response, "L’absence et la suite donnée se notent à partir de 14h20.")


def test_the_buttons_note_presence_and_outcome_and_come_back_to_the_person(forges, book):
    session, client = forges
    slot = slots_of(session)[0]
    booking = book(slot, first_name="Amina", last_name="Benali")
    started(slot)
    back = f"{DAY_URL}#personne-{booking.pk}"

    present = client.post(
        reverse("onsite:interview_attendance", args=[booking.pk]), {"present": "oui"}
    )
    outcome = client.post(
        reverse("onsite:interview_outcome", args=[booking.pk]), {"outcome": "second_interview"}
    )
    page = client.get(DAY_URL)

    assertRedirects(present, back, fetch_redirect_response=False)
    assertRedirects(outcome, back, fetch_redirect_response=False)
    assertContains(page, "Amina Benali — entretien de")
    assertContains(page, "« Second entretien »")
    booking.refresh_from_db()
    assert booking.outcome == InterviewOutcome.SECOND_INTERVIEW
    assert booking.attended_at is not None


def test_absent_before_the_start_is_refused_with_the_reason(forges, book):
    session, client = forges
    booking = book(slots_of(session)[0])

    response = client.post(
        reverse("onsite:interview_attendance", args=[booking.pk]), {"present": "non"}, follow=True
    )

    assertContains(response, "L’entretien de 14h00 n’a pas encore commencé")
    booking.refresh_from_db()
    assert booking.noted_absent_at is None


@pytest.mark.parametrize("people", [2, 20])
def test_the_page_costs_the_same_queries_whatever_the_bookings(
    event, forges, book, people, django_assert_max_num_queries
):
    session, client = forges
    organisation = session.stand.organisation
    big = session_make(
        event, stand=session.stand, title="Grand jury", start=(9, 0), end=(10, 0), recruiters=20
    )
    slot = slots_of(big)[0]
    for n in range(people):
        booking = book(slot, consent=n % 2 == 0)
        ApplicationFactory(organisation=organisation, event=event, email=booking.participant.email)

    with django_assert_max_num_queries(8):
        response = client.get(DAY_URL)

    assertContains(response, "CV (PDF)", count=people)


# --- The printed schedule ---------------------------------------------------------------------


def test_each_recruiter_gets_a_schedule_with_their_people_in_booking_order(forges, book):
    session, client = forges
    first, second, _third = slots_of(session)
    book(first, first_name="Amina", last_name="Benali")
    book(first, first_name="Karim", last_name="Haddad")
    book(second, first_name="Zoé", last_name="Martin")

    response = client.get(PRINT_URL)

    html = response.content.decode()
    one = html.index("Forges du Creusot — recruteur 1")
    two = html.index("Forges du Creusot — recruteur 2")
    assert one < html.index("Benali Amina") < html.index("Martin Zoé") < two
    assert two < html.index("Haddad Karim")
    assertContains(response, "libre", count=3)


# --- The applicant's page -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcome", "label"),
    [("", "Absent·e"), ("second_interview", "Second entretien"), ("hired", "Recruté·e")],
)
def test_the_applicant_reads_what_the_recruiter_noted(event, forges, book, outcome, label):
    session, _client = forges
    booking = book(slots_of(session)[0])
    if outcome:
        onsite.interview_outcome_note(booking=booking, outcome=outcome, now=at(event, 14, 30))
    else:
        onsite.interview_attendance_note(booking=booking, present=False, now=at(event, 14, 30))

    response = Client().get(reverse("participants:personal", args=[booking.participant.token]))

    assertContains(response, f"Noté par le recruteur : <strong>{label}</strong>", html=False)
    # An interview the recruiter has noted is over: nothing to give up any more.
    cancel = reverse("participants:booking_cancel", args=[booking.participant.token, booking.pk])
    assertNotContains(response, cancel)


def test_the_applicant_reads_nothing_before_the_recruiter_notes(forges, book):
    session, _client = forges
    booking = book(slots_of(session)[0])

    response = Client().get(reverse("participants:personal", args=[booking.participant.token]))

    assertNotContains(response, "Noté par le recruteur")
    cancel = reverse("participants:booking_cancel", args=[booking.participant.token, booking.pk])
    assertContains(response, cancel)


def test_the_sessions_page_links_to_the_day(forges):
    _session, client = forges

    response = client.get(reverse("recruiter:sessions"))

    assertContains(response, f'href="{DAY_URL}"')


def test_members_of_two_organisations_choose_whose_interviews_they_scan(event, forges, book):
    session, client = forges
    admr = StandFactory(event=event, organisation=OrganisationFactory(name="ADMR"))
    member = session.stand.organisation.members.get()
    OrganisationMemberFactory(organisation=admr.organisation, user=member.user)
    booking = book(slots_of(session_make(event, stand=admr, start=(10, 0), end=(11, 0)))[0])

    page = client.get(DAY_URL)
    scan = client.post(
        DAY_URL,
        {"organisation": admr.organisation.pk, "code": booking.participant.ticket_code},
        follow=True,
    )

    assertContains(page, "Entretiens de")
    assertContains(scan, "entretien de 10h00 : présent·e.")
    booking.refresh_from_db()
    assert booking.attended_at is not None
