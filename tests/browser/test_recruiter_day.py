"""A recruiter's day from a phone, with the keyboard only (issue 15, item 4): the recruiter
signs in, opens the day's interviews, sees the person booked (their contact, their CV) and
marks them arrived, then scans the next person's ticket; the day page (with a result shown)
and the printed schedule pass axe, in French and in English."""

import datetime as dt
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event
from exhibitors.models import Organisation, OrganisationMember
from onsite import services as onsite
from participants import services
from participants.enums import InterviewOutcome
from recruitment.models import InterviewSlot

from ..factories import ApplicationFactory
from .conftest import PHONE, _open_page, assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until

PASSWORD = "Entretiens-au-Creusot-71"
USERNAME = "recrutement@admr.example.org"
DAY = "/exposants/entretiens/journee/"


@pytest.fixture
def admr(site):
    """ADMR's recruiter (the demo has its session 14:00–16:00, two recruiters), and two
    people booked on its first slot: Amina, who agreed to share her contact and applied to
    ADMR, and Karim."""
    user = get_user_model().objects.create_user(
        username=USERNAME, email=USERNAME, password=PASSWORD
    )
    organisation = Organisation.objects.get(slug="admr")
    OrganisationMember.objects.create(organisation=organisation, user=user)
    event = Event.objects.get(slug="innov-insertion")
    slot = (
        InterviewSlot.objects.filter(session__stand__organisation=organisation)
        .order_by("starts_at")
        .first()
    )
    people = {}
    for first, last, email, consent in [
        ("Amina", "Benali", "amina.benali@example.org", True),
        ("Karim", "Haddad", "karim.haddad@example.org", False),
    ]:
        people[first] = services.registration_create(
            event=event,
            person=services.PersonDetails(first_name=first, last_name=last, email=email),
            targets=[slot],
            accepts_stand_contacts=consent,
        ).participant
    ApplicationFactory(organisation=organisation, event=event, email="amina.benali@example.org")
    return slot, people


@pytest.fixture
def english_phone(browser, site):
    context, page = _open_page(browser, PHONE)
    context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    yield page
    errors = page.console_errors
    context.close()
    assert errors == [], f"console errors: {errors}"


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def log_in_with_the_keyboard(page):
    tab_until(page, "el.name === 'username'")
    page.keyboard.type(USERNAME)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")


def test_a_recruiter_sees_the_person_and_marks_them_arrived_with_the_keyboard(site, admr, phone):
    slot, people = admr
    phone.goto(site + DAY)
    expect(phone).to_have_url(re.compile(r"/connexion/\?next=/exposants/entretiens/journee/$"))
    log_in_with_the_keyboard(phone)

    expect(phone.get_by_role("heading", level=1)).to_have_text("Journée d’entretiens")
    entry = phone.locator(f"#creneau-{slot.pk}")
    expect(entry.get_by_role("heading", level=3)).to_have_text("14h00–14h20")
    amina = entry.get_by_role("listitem").filter(has_text="Amina Benali")
    expect(amina).to_contain_text("amina.benali@example.org")
    expect(amina.get_by_role("link", name="CV (PDF) — Amina Benali")).to_be_visible()
    karim = entry.get_by_role("listitem").filter(has_text="Karim Haddad")
    expect(karim).to_contain_text("Contact non partagé par la personne.")
    check_page(phone)

    tab_until(phone, "el.textContent.trim() === 'Venu·e : Amina Benali'", limit=120)
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("status")).to_contain_text(
        "Amina Benali — entretien de 14h00 : présent·e."
    )
    expect(amina).to_contain_text(re.compile(r"Venu·e à \d+h\d\d"))
    check_page(phone)

    # Karim shows his ticket: its code typed (a barcode reader types it too) and Enter.
    phone.goto(site + DAY)
    tab_until(phone, "el.name === 'code'", limit=120)
    phone.keyboard.type(people["Karim"].ticket_code)
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("status")).to_contain_text(
        "Karim Haddad — entretien de 14h00 : présent·e."
    )
    check_page(phone)

    # An unknown code: said next to the field, nothing breaks.
    tab_until(phone, "el.name === 'code'", limit=120)
    phone.keyboard.type("ZZZZ999999")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("alert")).to_contain_text("Aucun billet ne porte le code")
    check_page(phone)

    # The printed schedule: one section per recruiter.
    tab_until(phone, "el.textContent.trim() === 'Imprimer le planning de chaque recruteur'")
    phone.keyboard.press("Enter")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Planning des recruteurs")
    expect(phone.get_by_role("heading", level=2, name="ADMR — recruteur 2")).to_be_visible()
    check_page(phone)


def test_the_day_and_the_schedule_in_english_are_accessible(site, admr, english_phone):
    """With the slot under way: the absence and outcome buttons too. (Names in English come
    from the catalogue: the page is found by its structure.)"""
    slot, people = admr
    starts = timezone.now() - dt.timedelta(hours=1)
    InterviewSlot.objects.filter(pk=slot.pk).update(
        starts_at=starts, ends_at=starts + dt.timedelta(minutes=20)
    )
    booking = people["Amina"].bookings.get()
    onsite.interview_outcome_note(booking=booking, outcome=InterviewOutcome.SECOND_INTERVIEW)
    page = english_phone
    page.goto(site + DAY)
    log_in_with_the_keyboard(page)

    expect(page.locator("html")).to_have_attribute("lang", "en")
    karim = people["Karim"].bookings.get()
    outcome_buttons = page.locator(f"#personne-{karim.pk} button[name=outcome]")
    expect(outcome_buttons).to_have_count(3)
    check_page(page)

    tab_until(
        page,
        f"el.name === 'present' && el.value === 'non' && el.closest('#personne-{karim.pk}')",
        limit=160,
    )
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Karim Haddad")
    check_page(page)

    page.goto(site + DAY + "imprimer/")
    expect(page.locator(".recruiter-schedule__sheet")).to_have_count(2)
    check_page(page)
