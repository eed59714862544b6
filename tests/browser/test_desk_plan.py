"""A change of plan at the reception desk, on a phone, with the keyboard alone: find the
person by name, open their plan, add a workshop, swap one for another at the same time, and
print the updated ticket; axe on every state."""

import re

import pytest
from playwright.sync_api import expect

from events.selectors import event_current
from participants import services
from participants.enums import BookingState

from ..factories import WorkshopFactory, at
from .test_journeys import tab_until
from .test_reception import check_page, desk  # noqa: F401  (the phone logged in as Accueil)


@pytest.fixture
def plan_day(site):
    """Amina Benali holds « Atelier du matin » (10:00); « Atelier remplaçant » is at the same
    time, « Atelier ajouté à l’accueil » in the late afternoon."""
    event = event_current()
    morning = WorkshopFactory(event=event, title="Atelier du matin", starts_at=at(event, 10))
    swap = WorkshopFactory(event=event, title="Atelier remplaçant", starts_at=at(event, 10, 30))
    added = WorkshopFactory(
        event=event, title="Atelier ajouté à l’accueil", starts_at=at(event, 18), capacity=4
    )
    amina = services.registration_create(
        event=event,
        person=services.PersonDetails(
            first_name="Amina", last_name="Benali", email="amina.plan@example.org"
        ),
        targets=[morning],
    ).participant
    return {"amina": amina, "morning": morning, "swap": swap, "added": added}


def test_desk_changes_a_plan_with_the_keyboard(desk, plan_day):  # noqa: F811
    amina = plan_day["amina"]

    # Find her by name; the results take the focus; her plan is one Tab stop further on.
    desk.get_by_label("Nom ou prénom").focus()
    desk.keyboard.type("Benali")
    desk.keyboard.press("Enter")
    expect(desk.get_by_role("heading", name="1 personne trouvée")).to_be_focused()
    check_page(desk)
    tab_until(desk, "el.textContent.includes('Son programme : Amina Benali')")
    desk.keyboard.press("Enter")

    expect(desk.get_by_role("heading", level=1)).to_have_text("Amina Benali")
    expect(desk.locator(".plan")).to_contain_text("Atelier du matin")
    check_page(desk)

    # Add a workshop: tick it, then the button.
    tab_until(desk, f"el.value === '{plan_day['added'].pk}' && el.name === 'workshops'")
    desk.keyboard.press("Space")
    tab_until(desk, "el.type === 'submit' && el.textContent.includes('Ajouter à son programme')")
    desk.keyboard.press("Enter")

    expect(
        desk.get_by_text("« Atelier ajouté à l’accueil » ajouté à son programme")
    ).to_contain_text("place confirmée")
    expect(desk.locator(".plan")).to_contain_text("Atelier ajouté à l’accueil")
    check_page(desk)

    # Swap the morning workshop for another at the same time.
    tab_until(desk, "el.textContent.includes('Changer : Atelier du matin')")
    desk.keyboard.press("Enter")
    expect(desk.get_by_role("heading", name="Remplacer « Atelier du matin »")).to_be_visible()
    check_page(desk)
    tab_until(desk, "el.type === 'radio'")
    for _ in range(40):
        if desk.evaluate("document.activeElement.value") == str(plan_day["swap"].pk):
            break
        desk.keyboard.press("ArrowDown")
    desk.keyboard.press("Space")  # the first of the list is focused, not yet chosen
    expect(desk.locator(f"input[type=radio][value='{plan_day['swap'].pk}']")).to_be_checked()
    tab_until(desk, "el.type === 'submit' && el.textContent.trim() === 'Changer'")
    desk.keyboard.press("Enter")

    expect(
        desk.get_by_text("« Atelier du matin » remplacé par « Atelier remplaçant »")
    ).to_contain_text("place confirmée")
    plan = desk.locator(".plan")
    expect(plan).to_contain_text("Atelier remplaçant")
    expect(plan).not_to_contain_text("Atelier du matin")
    check_page(desk)

    # The updated ticket, to print.
    tab_until(desk, "el.textContent.includes('Imprimer son billet')")
    desk.keyboard.press("Enter")
    expect(desk.get_by_role("heading", level=1)).to_contain_text("Billet")
    expect(desk.locator(".printable-ticket")).to_contain_text(amina.ticket_code)
    expect(desk.locator(".printable-ticket .plan")).to_contain_text(
        re.compile("Atelier remplaçant.*Atelier ajouté à l’accueil", re.S)
    )
    check_page(desk)
    states = {b.workshop.title: b.state for b in amina.bookings.active()}
    assert states == {
        "Atelier remplaçant": BookingState.CONFIRMED,
        "Atelier ajouté à l’accueil": BookingState.CONFIRMED,
    }
