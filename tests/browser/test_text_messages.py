"""A person reached by text stops the texts from their personal page, then takes them back:
with the keyboard, on a 360 px screen, axe-core finding nothing."""

from playwright.sync_api import expect

from demo.data import DEMO_SLUG
from events.models import Event
from participants.models import Participant

from ..factories import ParticipantFactory
from .conftest import assert_accessible, assert_no_sideways_scroll
from .test_journeys import tab_until


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def press_button(page, name: str) -> None:
    tab_until(page, f"el.tagName === 'BUTTON' && el.textContent.trim() === {name!r}", limit=80)
    page.keyboard.press("Enter")


def test_person_stops_and_resumes_texts_with_the_keyboard(site, phone):
    participant = ParticipantFactory(
        event=Event.objects.get(slug=DEMO_SLUG), email="", phone="+33612345678"
    )
    phone.goto(site + participant.get_absolute_url())
    section = phone.locator("#sms")
    expect(section.get_by_role("heading", name="SMS")).to_be_visible()
    expect(section).to_contain_text("au 06 12 34 56 78")
    check_page(phone)

    press_button(phone, "Ne plus recevoir de SMS")

    expect(phone.get_by_role("status")).to_contain_text("vous ne recevrez plus de SMS")
    expect(section).to_contain_text("Vous ne recevez plus de SMS au 06 12 34 56 78.")
    check_page(phone)
    assert Participant.objects.get(pk=participant.pk).text_messages_stopped_at is not None

    press_button(phone, "Recevoir de nouveau les SMS")

    expect(phone.get_by_role("status")).to_contain_text("vous recevrez de nouveau nos SMS")
    expect(section.get_by_role("button", name="Ne plus recevoir de SMS")).to_be_visible()
    check_page(phone)
    assert Participant.objects.get(pk=participant.pk).text_messages_stopped_at is None
