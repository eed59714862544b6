"""A workshop door on a phone, with the keyboard alone, after the release time: the person
waiting is told their rank, staff release the seat of the person who did not come and seat
the one waiting who is there; axe on every state."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from events.selectors import event_current
from onsite import services as onsite
from participants import services
from participants.enums import BookingState
from participants.models import Booking

from ..factories import WorkshopFactory
from .conftest import assert_accessible, assert_no_sideways_scroll
from .test_reception import desk  # noqa: F401  (a phone signed in as Accueil)


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def register(event, workshop, first_name, last_name):
    return services.registration_create(
        event=event,
        person=services.PersonDetails(
            first_name=first_name,
            last_name=last_name,
            email=f"{first_name.lower()}.{last_name.lower()}@example.org",
        ),
        targets=[workshop],
    ).participant


def press(page, button):
    """Reach a button with the keyboard's focus and press Enter, as a keyboard user does."""
    button.focus()
    expect(button).to_be_focused()
    page.keyboard.press("Enter")


def test_door_after_the_release_time_seats_a_waiting_person_present(desk, site):  # noqa: F811
    event = event_current()
    now = timezone.now()
    workshop = WorkshopFactory(
        event=event,
        title="Atelier des portes",
        capacity=1,
        starts_at=now - dt.timedelta(minutes=15),
        ends_at=now + dt.timedelta(minutes=45),
    )
    absent = register(event, workshop, "Bruno", "Blanc")
    karim = register(event, workshop, "Karim", "Haddad")
    onsite.participant_check_in(event=event, ticket_code=karim.ticket_code)

    desk.goto(f"{site}/accueil/ateliers/{workshop.pk}/")
    expect(desk.get_by_role("heading", level=1)).to_have_text("Porte : Atelier des portes")
    expect(desk.get_by_role("heading", name="Liste d’attente 1")).to_be_visible()
    check_page(desk)

    # Karim scans his ticket: he waits, first in line, and no seat is free yet.
    desk.get_by_label("Code du billet").fill(karim.ticket_code)
    desk.get_by_label("Code du billet").press("Enter")
    expect(desk.get_by_role("alert")).to_contain_text(
        "Karim Haddad est sur la liste d’attente de « Atelier des portes » : rang 1 sur 1."
    )
    expect(desk.get_by_text("libérez d’abord les places des personnes absentes")).to_be_visible()
    check_page(desk)

    # Bruno did not come: his seat is released.
    press(desk, desk.get_by_role("button", name="Libérer la place de la personne absente"))
    expect(
        desk.get_by_role("status").filter(has_text="1 place libérée : la personne absente")
    ).to_be_visible()
    expect(desk.get_by_role("heading", name="Places libérées 1")).to_be_visible()
    check_page(desk)

    # Karim is there (« sur place »): in he goes.
    press(desk, desk.get_by_role("button", name="Faire entrer : Karim Haddad"))
    expect(desk.get_by_role("heading", level=1)).to_have_text("Karim Haddad")
    expect(desk.get_by_role("status").filter(has_text="Présent·e à")).to_contain_text(
        re.compile(r"Présent·e à \d{1,2}h\d\d")
    )
    expect(desk.get_by_role("heading", name="Arrivé·es 1")).to_be_visible()
    check_page(desk)

    seated = Booking.objects.get(participant=karim)
    assert seated.state == BookingState.CONFIRMED and seated.attended_at is not None
    released = Booking.objects.get(participant=absent)
    assert released.state == BookingState.CANCELLED and released.released_at is not None
