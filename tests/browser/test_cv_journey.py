"""A visitor sends a photo of a paper CV from a phone, then takes the application back
with the link of the acknowledgement: every page accessible at 360 px, keyboard only."""

import io

from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from exhibitors import services
from exhibitors.models import Application

from .conftest import assert_accessible, assert_no_sideways_scroll


def check_page(page):
    assert_accessible(page)
    assert_no_sideways_scroll(page)


def photo() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (600, 800), "white").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_photo_cv_sent_then_withdrawn_with_the_keyboard(site, phone):
    phone.goto(site + "/forum/michelin/candidature/")
    phone.get_by_label("Prénom").fill("Inès")
    phone.locator("#id_last_name").fill("Moreau")
    phone.get_by_label("Téléphone").fill("06 12 34 56 78")
    phone.get_by_label("Votre CV").set_input_files(
        files=[{"name": "IMG_0042.jpg", "mimeType": "image/jpeg", "buffer": photo()}]
    )
    phone.get_by_label("J’accepte que mon CV").check()
    phone.get_by_role("button", name="Envoyer ma candidature").focus()
    phone.keyboard.press("Enter")
    expect(phone.get_by_text("votre candidature est transmise à Michelin")).to_be_visible()
    application = Application.objects.get(phone="+33612345678")
    token = services.application_withdraw_token(application)

    phone.goto(site + reverse("exhibitors:withdraw", kwargs={"token": token}))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Retirer ma candidature ?")
    check_page(phone)
    phone.get_by_role("button", name="Retirer ma candidature").focus()
    phone.keyboard.press("Enter")

    expect(phone.get_by_role("heading", level=1)).to_have_text("Votre candidature est retirée")
    check_page(phone)
    assert not Application.objects.filter(pk=application.pk).exists()
